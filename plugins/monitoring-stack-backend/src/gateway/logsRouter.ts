import { NotAllowedError, NotFoundError } from '@backstage/errors';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import {
  canonicalQuery,
  lokiOrgId,
  upstreamPath,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { ScopeResolver } from '../upstream/ScopeResolver';
import {
  callUpstream,
  pipeUpstream,
  resolveUpstream,
  UpstreamRef,
} from '../upstream/upstream';
import { handleLogsTail } from './logsTail';
import { ENDPOINT_PARAMS, requestParams, requiredParam } from './params';

const PARAMS: Record<string, readonly string[]> = ENDPOINT_PARAMS.loki;

/**
 * Endpoints and the parameter that holds their LogQL (required or not). An
 * optional one may be empty: the Logs Drilldown app asks `detected_labels`
 * with `query=` for every stream of the tenant.
 */
const ENDPOINTS: Record<string, { param?: string; required?: boolean }> = {
  query: { param: 'query', required: true },
  query_range: { param: 'query', required: true },
  labels: { param: 'query' },
  series: {},
  'index/stats': { param: 'query', required: true },
  'index/volume': { param: 'query', required: true },
  'index/volume_range': { param: 'query', required: true },
  patterns: { param: 'query', required: true },
  detected_labels: { param: 'query' },
  detected_fields: { param: 'query' },
  // Formatting reads no logs; Loki formats the gateway's printing.
  format_query: { param: 'query', required: true },
  // The tenant's own limits, read by the Logs Drilldown app.
  'drilldown-limits': {},
};

/** Sets `name` to the gateway's printing of its LogQL; an optional one may be absent or empty. */
function canonicalLogQL(
  params: URLSearchParams,
  name: string,
  required = false,
) {
  const query = required ? requiredParam(params, name) : params.get(name);
  if (query === null || (query === '' && !required)) return;
  params.set(name, canonicalQuery('LogQL', query, name));
}

/**
 * The loki-proxy: `/tenants/:tenant/logs/loki/api/v1/...`, usable as a
 * Grafana Loki data source URL and by the Logs Drilldown app. The gateway
 * alone sets `X-Scope-OrgID`: the tenant's id, or for the admin view every
 * tenant joined with `|`, Loki's multi-tenant syntax, which tenants can
 * never send themselves. Every endpoint it serves answers for that org id
 * alone. Isolation does not depend on the query, but LogQL is still
 * forwarded only as the gateway's printing of its parse tree, so Loki reads
 * what was checked.
 */
export function createLogsRouter(options: {
  upstream: UpstreamRef;
  scope: ScopeResolver;
  appOrigin?: string;
}): express.Router {
  const { upstream, scope, appOrigin } = options;
  const router = Router();

  const orgIdFor = async (req: Request, allowLimitedAccess = false) => {
    const s = await scope(req, req.params.tenant, 'read', {
      allowLimitedAccess,
    });
    return lokiOrgId(s);
  };

  /** Forwards to Loki's `/loki/api/v1/<path...>` the endpoint's documented `allowed` parameters. */
  const forward = async (
    req: Request,
    res: express.Response,
    path: string[],
    allowed: readonly string[],
    validate: (p: URLSearchParams) => void,
  ) => {
    const loki = resolveUpstream(upstream);
    const orgId = await orgIdFor(req);
    const params = requestParams(req, allowed);
    validate(params);
    const method = req.method === 'POST' ? 'POST' : 'GET';
    const response = await callUpstream(loki, {
      method,
      path: upstreamPath(['loki', 'api', 'v1', ...path]),
      params,
      headers: { 'X-Scope-OrgID': orgId },
    });
    await pipeUpstream(response, res);
  };

  // Registered before the generic route, which would otherwise take `tail`.
  router.get('/tenants/:tenant/logs/loki/api/v1/tail', async (req, res) => {
    // Browsers cannot put a token on a WebSocket, so the card's tail comes
    // with the user cookie; a cookie goes with any page's request, so only
    // the portal's own page may use it (no cross-site WebSocket hijacking).
    const byCookie = !req.headers.authorization;
    if (byCookie && (!appOrigin || req.headers.origin !== appOrigin)) {
      throw new NotAllowedError(
        'A live tail with the user cookie must come from the portal itself',
      );
    }
    const orgId = await orgIdFor(req, byCookie);
    await handleLogsTail(req, res, {
      upstream: resolveUpstream(upstream),
      orgId,
    });
  });

  router.all(
    [
      '/tenants/:tenant/logs/loki/api/v1/:endpoint',
      '/tenants/:tenant/logs/loki/api/v1/index/:endpoint',
    ],
    async (req, res) => {
      const endpoint = req.path.includes('/index/')
        ? `index/${req.params.endpoint}`
        : req.params.endpoint;
      const spec = ENDPOINTS[endpoint];
      if (!spec) {
        throw new NotFoundError(
          `The gateway does not serve /loki/api/v1/${endpoint}: it serves only what it can scope to one tenant (see docs/gateway.md)`,
        );
      }
      await forward(req, res, endpoint.split('/'), PARAMS[endpoint], params => {
        if (spec.param) canonicalLogQL(params, spec.param, spec.required);
        if (endpoint === 'series') {
          let selectors = 0;
          for (const name of ['match[]', 'match']) {
            const given = params.getAll(name);
            params.delete(name);
            given.forEach(m =>
              params.append(name, canonicalQuery('LogQL', m, name)),
            );
            selectors += given.length;
          }
          if (selectors === 0) requiredParam(params, 'match[]');
        }
      });
    },
  );

  router.get(
    '/tenants/:tenant/logs/loki/api/v1/label/:name/values',
    async (req, res) => {
      await forward(
        req,
        res,
        ['label', req.params.name, 'values'],
        PARAMS.labelValues,
        params => canonicalLogQL(params, 'query'),
      );
    },
  );

  // The values of one detected field (Grafana's Loki language provider,
  // the Logs Drilldown app's field filters).
  router.get(
    '/tenants/:tenant/logs/loki/api/v1/detected_field/:name/values',
    async (req, res) => {
      await forward(
        req,
        res,
        ['detected_field', req.params.name, 'values'],
        PARAMS.detectedFieldValues,
        params => canonicalLogQL(params, 'query'),
      );
    },
  );

  // Loki's version, which names no tenant's data.
  router.get(
    '/tenants/:tenant/logs/loki/api/v1/status/buildinfo',
    async (req, res) => {
      await forward(
        req,
        res,
        ['status', 'buildinfo'],
        PARAMS['status/buildinfo'],
        () => undefined,
      );
    },
  );

  return router;
}
