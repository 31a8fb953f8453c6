import {
  actionScope,
  MonitoringStackActionsOptions,
  READ_TOOL,
} from './actionContext';

/** `get-tenant-alerts`: a tenant's alerts from every alert source. */
export function registerGetTenantAlerts(
  options: MonitoringStackActionsOptions,
) {
  options.actionsRegistry.register({
    name: 'get-tenant-alerts',
    title: 'Get tenant alerts',
    description:
      "Lists the firing and pending alerts of a monitoring-stack tenant from Alertmanager, the Prometheus rules and Loki's ruler, with severity, state, summary and labels. Use tenant '*' for every tenant (admins only).",
    ...READ_TOOL,
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
      const scope = await actionScope(options, input.tenant, credentials);
      const answer = await options.alerts.alerts(scope);
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
}
