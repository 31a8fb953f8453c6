import { NotFoundError } from '@backstage/errors';
import {
  canonicalQuery,
  upstreamPath,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import {
  matcherText,
  tenantMatcher,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { UpstreamError } from '../upstream/errors';
import { ScopeResolver } from '../upstream/ScopeResolver';
import {
  callUpstream,
  pipeUpstream,
  readUpstreamJson,
  resolveUpstream,
  UpstreamRef,
} from '../upstream/upstream';
import { EnforcedQueries } from './enforcedQueries';
import { ENDPOINT_PARAMS, requestParams, requiredParam } from './params';
import {
  filterMetricMetadata,
  isMetadataAnswer,
  metadataLimits,
  metricNamesOf,
} from './metricMetadata';
import { DEFAULT_RULE_READS_TTL_MS, SharedRuleReads } from './sharedRuleReads';

const QUERY_ENDPOINTS = new Set(['query', 'query_range', 'query_exemplars']);
const MATCH_ENDPOINTS = new Set(['series', 'labels']);
const PARAMS: Record<string, readonly string[]> = ENDPOINT_PARAMS.prometheus;

/**
 * The prometheus-proxy: `/tenants/:tenant/metrics/...`, usable as a Grafana
 * Prometheus data source URL. Queries and `match[]` selectors get the
 * tenant's matcher; rules and alerts are read once per interval for every
 * tenant (SharedRuleReads) and each tenant gets its own of them; metric
 * metadata, which Prometheus cannot scope, is cut to the metric families
 * the tenant has series of; the tenant header for Thanos is set by the
 * gateway alone.
 * @public
 */
export function createMetricsRouter(options: {
  upstream: UpstreamRef;
  tenantHeader: string;
  scope: ScopeResolver;
  /** How long one read of the rules or alerts serves every tenant (`monitoringStack.gateway.rulesCacheSeconds`). */
  rulesCacheMs?: number;
}): express.Router {
  const { upstream, tenantHeader, scope } = options;
  const router = Router();
  const ruleReads = new SharedRuleReads(
    options.rulesCacheMs ?? DEFAULT_RULE_READS_TTL_MS,
  );
  const enforced = new EnforcedQueries();

  const resolve = async (req: Request) => {
    const metrics = resolveUpstream(upstream);
    const s = await scope(req, req.params.tenant);
    const headers: Record<string, string> =
      s.kind === 'tenant' ? { [tenantHeader]: s.tenant.id } : {};
    return {
      upstream: metrics,
      s,
      headers,
      matcher: s.kind === 'tenant' ? tenantMatcher(s.tenant) : undefined,
    };
  };

  // Selectors of series, labels, label values and federate: the user's own
  // (each enforced), or the tenant's matcher alone when there are none.
  const enforceMatches = (
    params: URLSearchParams,
    matcher: ReturnType<typeof tenantMatcher> | undefined,
  ) => {
    const given = params.getAll('match[]');
    params.delete('match[]');
    let selectors: string[];
    if (!matcher) {
      // The admin view is not scoped, but it too forwards only what was parsed.
      selectors = given.map(m => canonicalQuery('PromQL', m, 'match[]'));
    } else if (given.length) {
      selectors = given.map(m => enforced.seriesSelector(m, matcher));
    } else {
      selectors = [`{${matcherText(matcher)}}`];
    }
    selectors.forEach(m => params.append('match[]', m));
  };

  // Metadata is per metric family, for every target Prometheus scrapes:
  // Prometheus has no selector for it. A tenant gets the families it has
  // series of (its `__name__` values under its matcher), never one that
  // only another tenant has. `limit` and `limit_per_metric` are applied
  // after that cut, so they are not sent upstream.
  router.all('/tenants/:tenant/metrics/api/v1/metadata', async (req, res) => {
    const { upstream: up, headers, matcher } = await resolve(req);
    const params = requestParams(req, PARAMS.metadata);
    const path = upstreamPath(['api', 'v1', 'metadata']);
    if (!matcher) {
      await pipeUpstream(
        await callUpstream(up, { method: 'GET', path, params, headers }),
        res,
      );
      return;
    }
    const limits = metadataLimits(params);
    params.delete('limit');
    params.delete('limit_per_metric');
    const namesPath = upstreamPath([
      'api',
      'v1',
      'label',
      '__name__',
      'values',
    ]);
    const namesResponse = await callUpstream(up, {
      method: 'GET',
      path: namesPath,
      params: new URLSearchParams({ 'match[]': `{${matcherText(matcher)}}` }),
      headers,
    });
    if (!namesResponse.ok) {
      await pipeUpstream(namesResponse, res);
      return;
    }
    const names = metricNamesOf(await readUpstreamJson(up, namesResponse));
    if (!names) {
      throw new UpstreamError(
        `${up.name} answered ${namesPath} with something that is not a list of label values`,
      );
    }
    const response = await callUpstream(up, {
      method: 'GET',
      path,
      params,
      headers,
    });
    if (!response.ok) {
      await pipeUpstream(response, res);
      return;
    }
    const body = await readUpstreamJson(up, response);
    if (!isMetadataAnswer(body)) {
      throw new UpstreamError(
        `${up.name} answered ${path} with something that is not a Prometheus metadata answer`,
      );
    }
    res.json(filterMetricMetadata(body, new Set(names), limits));
  });

  // Formatting reads no series, so the query is not scoped: Prometheus
  // formats the gateway's printing of its parse tree (the user's query, not
  // the enforced one, which would put the tenant's matcher into their
  // editor). Thanos Query has no format_query; when the upstream answers
  // 404 the gateway answers with its printing.
  router.all(
    '/tenants/:tenant/metrics/api/v1/format_query',
    async (req, res) => {
      const { upstream: up, headers } = await resolve(req);
      const params = requestParams(req, PARAMS.format_query);
      const query = canonicalQuery('PromQL', requiredParam(params, 'query'));
      params.set('query', query);
      const response = await callUpstream(up, {
        method: 'GET',
        path: upstreamPath(['api', 'v1', 'format_query']),
        params,
        headers,
      });
      if (response.status === 404) {
        response.body.resume();
        res.json({ status: 'success', data: query });
        return;
      }
      await pipeUpstream(response, res);
    },
  );

  router.all('/tenants/:tenant/metrics/api/v1/:endpoint', async (req, res) => {
    const endpoint = req.params.endpoint;
    if (
      !QUERY_ENDPOINTS.has(endpoint) &&
      !MATCH_ENDPOINTS.has(endpoint) &&
      !['rules', 'alerts'].includes(endpoint)
    ) {
      throw new NotFoundError(
        `The gateway does not serve /api/v1/${endpoint}: it serves only what it can scope to one tenant (see docs/gateway.md)`,
      );
    }
    const method = req.method === 'POST' ? 'POST' : 'GET';
    const { upstream: up, headers, matcher, s } = await resolve(req);
    const params = requestParams(req, PARAMS[endpoint]);
    const path = upstreamPath(['api', 'v1', endpoint]);
    if (QUERY_ENDPOINTS.has(endpoint)) {
      const query = requiredParam(params, 'query');
      params.set(
        'query',
        matcher
          ? enforced.promQL(query, matcher)
          : canonicalQuery('PromQL', query),
      );
    } else if (MATCH_ENDPOINTS.has(endpoint)) {
      enforceMatches(params, matcher);
    } else {
      // Every tenant's rules or alerts, read once per interval without a
      // tenant header; the tenant gets its own of them, the admin view all.
      const read = await ruleReads.read(
        up,
        endpoint === 'rules' ? 'rules' : 'alerts',
        params,
      );
      if (!read.ok) {
        res.status(read.status).type(read.contentType).send(read.body);
        return;
      }
      res.json(s.kind === 'tenant' ? read.forTenant(s.tenant) : read.body);
      return;
    }
    await pipeUpstream(
      await callUpstream(up, { method, path, params, headers }),
      res,
    );
  });

  router.all(
    '/tenants/:tenant/metrics/api/v1/label/:name/values',
    async (req, res) => {
      const { upstream: up, headers, matcher } = await resolve(req);
      const params = requestParams(req, PARAMS.labelValues);
      enforceMatches(params, matcher);
      const path = upstreamPath([
        'api',
        'v1',
        'label',
        req.params.name,
        'values',
      ]);
      await pipeUpstream(
        await callUpstream(up, { method: 'GET', path, params, headers }),
        res,
      );
    },
  );

  // Grafana asks for the build info to pick its query features.
  router.get(
    '/tenants/:tenant/metrics/api/v1/status/buildinfo',
    async (req, res) => {
      const { upstream: up, headers } = await resolve(req);
      await pipeUpstream(
        await callUpstream(up, {
          method: 'GET',
          path: '/api/v1/status/buildinfo',
          params: requestParams(req, PARAMS['status/buildinfo']),
          headers,
        }),
        res,
      );
    },
  );

  router.get('/tenants/:tenant/metrics/federate', async (req, res) => {
    const { upstream: up, headers, matcher } = await resolve(req);
    const params = requestParams(req, PARAMS.federate);
    enforceMatches(params, matcher);
    await pipeUpstream(
      await callUpstream(up, {
        method: 'GET',
        path: '/federate',
        params,
        headers,
      }),
      res,
    );
  });

  return router;
}
