import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  audited,
  LokiRuleGroup,
  LokiRulerClient,
  LOKI_RULE_DURATION,
  LOKI_RULE_NAME,
  LOKI_RULE_NAME_RULE,
  requireUpstream,
  sameRuleGroup,
  tenantLokiRuleGroups,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { MonitoringStackActionOptions } from '../lib/actionOptions';
import { writableTenant } from '../lib/tenantScope';
import { examples } from './lokiRules.examples';

/**
 * `monitoring-stack:loki:rules`: writes a tenant's LogQL alerting rule groups
 * to Loki's ruler, each rule labelled with the tenant so Alertmanager routes
 * it to the tenant's receiver. Groups the ruler already holds unchanged are
 * not sent again.
 * @public
 */
export function createLokiRulesAction(options: MonitoringStackActionOptions) {
  const { settings, authorizer, auditor } = options;
  return createTemplateAction({
    id: 'monitoring-stack:loki:rules',
    description:
      'Validates LogQL alerting rules and writes them to the Loki ruler for a tenant; idempotent.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        tenantId: z =>
          z.string().describe('Loki tenant id, sent as X-Scope-OrgID'),
        namespace: z =>
          z
            .string()
            .regex(LOKI_RULE_NAME, LOKI_RULE_NAME_RULE)
            .describe('Rule namespace'),
        groups: z =>
          z
            .array(
              z.object({
                name: z.string().regex(LOKI_RULE_NAME, LOKI_RULE_NAME_RULE),
                interval: z
                  .string()
                  .regex(LOKI_RULE_DURATION, 'must be a duration like 1m')
                  .optional(),
                rules: z
                  .array(
                    z.object({
                      alert: z.string().min(1),
                      expr: z.string(),
                      for: z
                        .string()
                        .regex(LOKI_RULE_DURATION, 'must be a duration like 5m')
                        .optional(),
                      labels: z.record(z.string()).optional(),
                      annotations: z.record(z.string()).optional(),
                    }),
                  )
                  .min(1),
              }),
            )
            .min(1)
            .describe('Rule groups with their alerting rules'),
      },
      output: {
        groups: z =>
          z.array(z.string()).describe('Names of the groups of the step'),
        written: z =>
          z
            .array(z.string())
            .describe('Groups sent to the ruler; empty in a dry run'),
      },
    },
    async handler(ctx) {
      const tenant = await writableTenant(authorizer, ctx.input.tenantId, ctx);
      const tenantId = tenant.id;
      const { namespace } = ctx.input;
      const groups: LokiRuleGroup[] = tenantLokiRuleGroups(
        tenant,
        ctx.input.groups,
      );
      // Config only: the ruler gets the tenant's X-Scope-OrgID.
      const loki = requireUpstream(settings, 'loki');
      const names = groups.map(g => g.name);
      ctx.output('groups', names);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: all queries are valid; would write groups ${names.join(
            ', ',
          )} to namespace '${namespace}' of tenant ${tenantId} at ${loki.url}`,
        );
        ctx.output('written', []);
        return;
      }
      const ruler = new LokiRulerClient({ upstream: loki, tenantId });
      const written: string[] = [];
      await audited(
        auditor,
        {
          eventId: 'loki-rules-write',
          severityLevel: 'medium',
          meta: {
            tenant: tenantId,
            namespace,
            groups: names,
            user: ctx.user?.ref ?? null,
          },
        },
        async () => {
          for (const group of groups) {
            const stored = await ruler.getGroup(namespace, group.name);
            if (stored !== undefined && sameRuleGroup(stored, group)) {
              ctx.logger.info(
                `Rule group ${namespace}/${group.name} of tenant ${tenantId} is up to date`,
              );
              continue;
            }
            await ruler.putGroup(namespace, group);
            ctx.logger.info(
              `${stored ? 'Updated' : 'Created'} rule group ${namespace}/${
                group.name
              } of tenant ${tenantId}`,
            );
            written.push(group.name);
          }
        },
        // On failure too: the groups written before it.
        () => ({ written }),
      );
      ctx.output('written', written);
    },
  });
}
