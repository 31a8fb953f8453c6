import { InputError } from '@backstage/errors';
import { canonicalQuery } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { enforcePromQL } from '../gateway/promqlEnforcer';
import { resolveUpstream } from '../upstream/upstream';
import {
  actionScope,
  matcherOf,
  MonitoringStackActionsOptions,
  READ_TOOL,
  toSeconds,
  upstreamJson,
} from './actionContext';

const MAX_RESULT_SERIES = 200;

/** `query-tenant-metrics`: PromQL with the tenant's matcher in every selector. */
export function registerQueryTenantMetrics(
  options: MonitoringStackActionsOptions,
) {
  options.actionsRegistry.register({
    name: 'query-tenant-metrics',
    title: 'Query tenant metrics',
    description:
      "Runs a PromQL query on a tenant's metrics (Thanos/Prometheus), scoped to the tenant like the gateway: every selector gets the tenant's matcher. Without start it is an instant query; with start (and end, step) a range query. Times are RFC 3339 or now, now-15m, now-6h.",
    ...READ_TOOL,
    schema: {
      input: z =>
        z.object({
          tenant: z
            .string()
            .describe("Tenant id; '*' for every tenant (admins)"),
          query: z
            .string()
            .min(1)
            .describe(
              'PromQL, e.g. sum by (namespace) (rate(container_cpu_usage_seconds_total[5m]))',
            ),
          start: z.string().optional().describe('Range start, e.g. now-1h'),
          end: z.string().optional().describe('Range end; default now'),
          step: z
            .number()
            .int()
            .min(1)
            .max(86400)
            .optional()
            .describe('Seconds between points; default range/60'),
        }),
      output: z =>
        z.object({
          resultType: z.string(),
          result: z.array(z.any()),
          truncated: z.boolean(),
        }),
    },
    examples: [
      {
        title: 'CPU of team-a per namespace over the last hour',
        input: {
          tenant: 'team-a',
          query:
            'sum by (namespace) (rate(container_cpu_usage_seconds_total[5m]))',
          start: 'now-1h',
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const scope = await actionScope(options, input.tenant, credentials);
      const matcher = matcherOf(scope);
      const query = matcher
        ? enforcePromQL(input.query, matcher)
        : canonicalQuery('PromQL', input.query);
      const params = new URLSearchParams({ query });
      let path = '/api/v1/query';
      if (input.start !== undefined) {
        const end = toSeconds(input.end, Date.now() / 1000);
        const start = toSeconds(input.start, end - 3600);
        if (start >= end) throw new InputError('start must be before end');
        const step = input.step ?? Math.max(1, Math.ceil((end - start) / 60));
        path = '/api/v1/query_range';
        params.set('start', String(start));
        params.set('end', String(end));
        params.set('step', String(step));
      }
      const body = await upstreamJson<{
        data: { resultType: string; result: unknown[] | unknown };
      }>(resolveUpstream(options.gateway.metrics), {
        method: 'GET',
        path,
        params,
        headers:
          scope.kind === 'tenant'
            ? { [options.gateway.tenantHeader]: scope.tenant.id }
            : {},
      });
      const result = Array.isArray(body.data.result)
        ? body.data.result
        : [body.data.result];
      return {
        output: {
          resultType: body.data.resultType,
          result: result.slice(0, MAX_RESULT_SERIES),
          truncated: result.length > MAX_RESULT_SERIES,
        },
      };
    },
  });
}
