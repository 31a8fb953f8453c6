import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  tenantMatcher,
  TenantMatcher,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  canonicalQuery,
  lokiOrgId,
  TenantAuthorizer,
  TenantRight,
  TenantScope,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { AlertsService } from '../alerts/AlertsService';
import { GatewayConfig } from '../gateway/gatewayConfig';
import { enforcePromQL } from '../gateway/promqlEnforcer';
import { parsePostableSilence, tenantSilence } from '../gateway/silences';
import { UpstreamError } from '../upstream/errors';
import {
  callUpstream,
  readUpstreamJson,
  resolveUpstream,
  Upstream,
  UpstreamRequest,
} from '../upstream/upstream';

/** What the actions need: the same authorizer and upstreams as the gateway. */
export type MonitoringStackActionsOptions = {
  actionsRegistry: ActionsRegistryService;
  authorizer: TenantAuthorizer;
  alerts: AlertsService;
  gateway: GatewayConfig;
  auditor: AuditorService;
};

const MAX_RESULT_SERIES = 200;

/** Calls an upstream and reads its JSON; a 400 is the caller's query, anything else the upstream's fault. */
async function upstreamJson<T>(
  upstream: Upstream,
  request: UpstreamRequest,
): Promise<T> {
  const response = await callUpstream(upstream, request);
  const body = await readUpstreamJson<any>(upstream, response);
  if (response.status === 400 || response.status === 422) {
    throw new InputError(
      `${upstream.name} refused the query: ${String(body?.error ?? '').slice(
        0,
        300,
      )}`,
    );
  }
  if (!response.ok) {
    throw new UpstreamError(
      `${upstream.name} answered ${request.path} with HTTP ${response.status}`,
    );
  }
  return body as T;
}

/** Seconds since the epoch of an RFC 3339 time or a relative `now-1h`-like duration. */
function toSeconds(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const relative = /^now(?:-(\d+)([smhd]))?$/.exec(value);
  if (relative) {
    const n = Number(relative[1] ?? 0);
    const unit = { s: 1, m: 60, h: 3600, d: 86400 }[relative[2] ?? 's']!;
    return Date.now() / 1000 - n * unit;
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new InputError(
      `'${value}' is not a time: use RFC 3339 or now, now-15m, now-6h`,
    );
  }
  return ms / 1000;
}

/**
 * Registers the monitoring stack's actions with Backstage's actions
 * registry, for MCP clients through `@backstage/plugin-mcp-actions-backend`:
 * `get-tenant-alerts`, `query-tenant-metrics`, `query-tenant-logs` and
 * `create-silence`. Each decides with the gateway's `TenantAuthorizer` and
 * enforces like the gateway's routes (the tenant's matcher in PromQL, the
 * tenant's org id for Loki, an exact tenant matcher on silences).
 */
export function registerMonitoringStackActions(
  options: MonitoringStackActionsOptions,
) {
  const { actionsRegistry, authorizer, alerts, gateway, auditor } = options;

  const scopeOf = async (
    tenant: string,
    credentials: BackstageCredentials,
    right: TenantRight = 'read',
  ): Promise<TenantScope> => {
    const scope = await authorizer.scope(tenant, credentials, right);
    if (scope.kind === 'admin') {
      const event = await auditor.createEvent({
        eventId: 'admin-view',
        severityLevel: right === 'read' ? 'medium' : 'high',
        meta: { right, tenants: scope.tenants.length, via: 'actions' },
      });
      await event.success();
    }
    return scope;
  };
  const matcherOf = (scope: TenantScope): TenantMatcher | undefined =>
    scope.kind === 'tenant' ? tenantMatcher(scope.tenant) : undefined;

  actionsRegistry.register({
    name: 'get-tenant-alerts',
    title: 'Get tenant alerts',
    description:
      "Lists the firing and pending alerts of a monitoring-stack tenant from Alertmanager, the Prometheus rules and Loki's ruler, with severity, state, summary and labels. Use tenant '*' for every tenant (admins only).",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          tenant: z
            .string()
            .describe("Tenant id, e.g. 'team-a'; '*' for every tenant"),
          severity: z
            .string()
            .optional()
            .describe("Only alerts of this severity, e.g. 'critical'"),
        }),
      output: z =>
        z.object({
          tenant: z.string(),
          alerts: z.array(
            z.object({
              name: z.string(),
              severity: z.string(),
              state: z.string(),
              since: z.string().optional(),
              summary: z.string().optional(),
              labels: z.record(z.string()),
              source: z.string(),
            }),
          ),
          unavailableSources: z
            .array(z.string())
            .describe('Sources that did not answer, with why'),
        }),
    },
    examples: [
      {
        title: 'Critical alerts of team-a',
        input: { tenant: 'team-a', severity: 'critical' },
      },
    ],
    action: async ({ input, credentials }) => {
      const scope = await scopeOf(input.tenant, credentials);
      const answer = await alerts.alerts(scope);
      return {
        output: {
          tenant: answer.tenant,
          alerts: answer.alerts
            .filter(a => !input.severity || a.severity === input.severity)
            .map(a => ({
              name: a.name,
              severity: a.severity,
              state: a.state,
              since: a.since,
              summary: a.summary,
              labels: a.labels,
              source: a.source,
            })),
          unavailableSources: answer.sources
            .filter(s => !s.ok)
            .map(s => `${s.source}: ${s.error ?? 'not reachable'}`),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'query-tenant-metrics',
    title: 'Query tenant metrics',
    description:
      "Runs a PromQL query on a tenant's metrics (Thanos/Prometheus), scoped to the tenant like the gateway: every selector gets the tenant's matcher. Without start it is an instant query; with start (and end, step) a range query. Times are RFC 3339 or now, now-15m, now-6h.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
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
      const scope = await scopeOf(input.tenant, credentials);
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
      }>(resolveUpstream(gateway.metrics), {
        method: 'GET',
        path,
        params,
        headers:
          scope.kind === 'tenant'
            ? { [gateway.tenantHeader]: scope.tenant.id }
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

  actionsRegistry.register({
    name: 'query-tenant-logs',
    title: 'Query tenant logs',
    description:
      "Runs a LogQL query on a tenant's logs in Loki over a time range, with the tenant's org id like the gateway (the admin view reads every tenant). Log queries answer log lines (newest first), metric queries series.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          tenant: z
            .string()
            .describe("Tenant id; '*' for every tenant (admins)"),
          query: z
            .string()
            .min(1)
            .describe('LogQL, e.g. {namespace="team-a"} |= "error"'),
          start: z.string().optional().describe('Default now-1h'),
          end: z.string().optional().describe('Default now'),
          limit: z
            .number()
            .int()
            .min(1)
            .max(1000)
            .optional()
            .describe('Most log lines; default 100'),
        }),
      output: z =>
        z.object({
          resultType: z.string(),
          result: z.array(z.any()),
        }),
    },
    examples: [
      {
        title: 'Errors of team-a in the last 15 minutes',
        input: {
          tenant: 'team-a',
          query: '{namespace="team-a"} |= "error"',
          start: 'now-15m',
          limit: 50,
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const scope = await scopeOf(input.tenant, credentials);
      const orgId = lokiOrgId(scope);
      const end = toSeconds(input.end, Date.now() / 1000);
      const start = toSeconds(input.start, end - 3600);
      const params = new URLSearchParams({
        query: canonicalQuery('LogQL', input.query),
        start: String(Math.floor(start * 1e9)),
        end: String(Math.floor(end * 1e9)),
        limit: String(input.limit ?? 100),
        direction: 'backward',
      });
      const body = await upstreamJson<{
        data: { resultType: string; result: unknown[] };
      }>(resolveUpstream(gateway.logs), {
        method: 'GET',
        path: '/loki/api/v1/query_range',
        params,
        headers: { 'X-Scope-OrgID': orgId },
      });
      return {
        output: {
          resultType: body.data.resultType,
          result: body.data.result,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'create-silence',
    title: 'Create a silence',
    description:
      'Silences alerts of one tenant in Alertmanager for a duration, as the caller (who needs the tenant\'s silence right). The matchers must pin the tenant: tenant_id="<id>", or, for a namespace tenant\'s alerts without a tenant_id, namespace="<one of its namespaces>" (the silence then applies to alerts without a tenant_id only).',
    attributes: { readOnly: false, idempotent: false, destructive: false },
    schema: {
      input: z =>
        z.object({
          tenant: z.string().describe("Tenant id, e.g. 'team-a'"),
          matchers: z
            .array(
              z.object({
                name: z.string().min(1),
                value: z.string(),
                isRegex: z.boolean().optional(),
                isEqual: z.boolean().optional(),
              }),
            )
            .min(1)
            .describe('Alertmanager matchers, e.g. alertname and namespace'),
          durationMinutes: z
            .number()
            .int()
            .min(1)
            .max(60 * 24 * 30)
            .describe('How long the silence lasts'),
          comment: z.string().min(1).describe('Why the alerts are silenced'),
        }),
      output: z => z.object({ silenceID: z.string() }),
    },
    examples: [
      {
        title: 'Silence HighErrorRate in team-a for 2 hours',
        input: {
          tenant: 'team-a',
          matchers: [
            { name: 'alertname', value: 'HighErrorRate' },
            { name: 'namespace', value: 'team-a' },
          ],
          durationMinutes: 120,
          comment: 'Deploying the fix',
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const scope = await scopeOf(input.tenant, credentials, 'silence');
      const now = Date.now();
      const principal = credentials.principal as {
        type: string;
        userEntityRef?: string;
        subject?: string;
      };
      const asked = parsePostableSilence({
        matchers: input.matchers.map(m => ({
          name: m.name,
          value: m.value,
          isRegex: m.isRegex ?? false,
          isEqual: m.isEqual ?? true,
        })),
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + input.durationMinutes * 60_000).toISOString(),
        createdBy: principal.userEntityRef ?? principal.subject ?? 'backstage',
        comment: input.comment,
      });
      const silence =
        scope.kind === 'tenant' ? tenantSilence(asked, scope.tenant) : asked;
      const event = await auditor.createEvent({
        eventId: 'silence-write',
        severityLevel: 'medium',
        meta: { tenant: input.tenant, action: 'create', via: 'actions' },
      });
      try {
        const body = await upstreamJson<{ silenceID: string }>(
          resolveUpstream(gateway.alertmanager),
          { method: 'POST', path: '/api/v2/silences', json: silence },
        );
        await event.success({ meta: { silenceId: body.silenceID } });
        return { output: { silenceID: body.silenceID } };
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  });
}
