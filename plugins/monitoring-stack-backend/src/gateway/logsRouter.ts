import {
  AuthenticationError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
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
import {
  handleLogsTail,
  LogsTailUpgrade,
  refuseUpgrade,
  upgradeLogsTail,
} from './logsTail';
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
 * Who may open a tenant's tail. Browsers cannot put a token on a WebSocket,
 * so the card's tail comes with the user cookie; a cookie goes with any
 * page's request, so only the portal's own page may use it (no cross-site
 * WebSocket hijacking). Tokens (users, Grafana's service tokens) come in
 * `Authorization`.
 */
async function tailOrgId(
  req: Request,
  tenant: string,
  scope: ScopeResolver,
  appOrigin: string | undefined,
) {
  const byCookie = !req.headers.authorization;
  if (byCookie && (!appOrigin || req.headers.origin !== appOrigin)) {
    throw new NotAllowedError(
      'A live tail with the user cookie must come from the portal itself',
    );
  }
  const s = await scope(req, tenant, 'read', { allowLimitedAccess: byCookie });
  return lokiOrgId(s);
}

/** The plugin-relative path of a tenant's live tail. */
export function logsTailPath(tenant: string) {
  return `/tenants/${encodeURIComponent(tenant)}/logs/loki/api/v1/tail`;
}

/**
 * The live tail as a WebSocket route (`httpRouter.addWebSocketHandler`, with
 * `authPolicy: 'unauthenticated'` since the framework takes no cookies there):
 * the caller's credentials (token or user cookie, read by `scope` through
 * `httpAuth` as on every gateway route), the Origin check and the tenant's
 * read right, all before Loki is asked; a refusal is a plain HTTP answer.
 */
export function createLogsTailHandler(options: {
  upstream: UpstreamRef;
  scope: ScopeResolver;
  appOrigin?: string;
}) {
  const { upstream, scope, appOrigin } = options;
  return async (upgrade: LogsTailUpgrade, tenant: string): Promise<void> => {
    try {
      // The scope and the auditor read Express' request fields: none on a raw upgrade.
      const req = upgrade.request as Request;
      // As the HTTP routes' credentials barrier: no credentials at all is 401.
      if (
        !req.headers.authorization &&
        !/(?:^|;)\s*backstage-auth=/.test(req.headers.cookie ?? '')
      ) {
        throw new AuthenticationError('Missing credentials');
      }
      const orgId = await tailOrgId(req, tenant, scope, appOrigin);
      await upgradeLogsTail(upgrade, {
        upstream: resolveUpstream(upstream),
        orgId,
      });
    } catch (error) {
      refuseUpgrade(upgrade.socket, error);
    }
  };
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
    // The caller's right first: a tenant it may not read is 403, whatever is configured.
    const orgId = await orgIdFor(req);
    const loki = resolveUpstream(upstream);
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
  // The backend hands upgrades to the WebSocket route (createLogsTailHandler),
  // never to Express: this answers what is no upgrade (400), with the same checks.
  router.get('/tenants/:tenant/logs/loki/api/v1/tail', async (req, res) => {
    const orgId = await tailOrgId(req, req.params.tenant, scope, appOrigin);
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
