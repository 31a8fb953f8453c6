import { RootConfigService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { TENANT_ALERT_LABEL } from '../lib/alertLabels';
import { logqlAlertProblem } from '../lib/logql';
import {
  LokiRuleGroup,
  LokiRulerClient,
  sameRuleGroup,
} from '../lib/lokiRuler';
import { assertTenantId } from '../lib/tenantInput';
import { examples } from './lokiRules.examples';

const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const NAME = /^[A-Za-z0-9_.:-]+$/;

/**
 * Checks every query before anything is sent, naming the group, the rule and
 * the position of the first problem.
 */
function assertValidQueries(groups: LokiRuleGroup[]) {
  const seen = new Set<string>();
  for (const group of groups) {
    if (seen.has(group.name)) {
      throw new InputError(`groups: group '${group.name}' is listed twice`);
    }
    seen.add(group.name);
    group.rules.forEach((rule, index) => {
      const problem = logqlAlertProblem(rule.expr);
      if (problem) {
        throw new InputError(
          `group '${group.name}' rule ${index} '${rule.alert}': invalid LogQL at line ${problem.line}, column ${problem.column}: ${problem.message}`,
        );
      }
    });
  }
}

/**
 * `monitoring-stack:loki:rules`: writes a tenant's LogQL alerting rule groups
 * to Loki's ruler, each rule labelled with the tenant so Alertmanager routes
 * it to the tenant's receiver. Groups the ruler already holds unchanged are
 * not sent again.
 * @public
 */
export function createLokiRulesAction(options: { config: RootConfigService }) {
  const { config } = options;
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
            .regex(NAME, 'must be letters, digits and _ . : -')
            .describe('Rule namespace'),
        groups: z =>
          z
            .array(
              z.object({
                name: z
                  .string()
                  .regex(NAME, 'must be letters, digits and _ . : -'),
                interval: z
                  .string()
                  .regex(DURATION, 'must be a duration like 1m')
                  .optional(),
                rules: z
                  .array(
                    z.object({
                      alert: z.string().min(1),
                      expr: z.string(),
                      for: z
                        .string()
                        .regex(DURATION, 'must be a duration like 5m')
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
        lokiUrl: z =>
          z
            .string()
            .url()
            .optional()
            .describe('Overrides monitoringStack.upstreams.loki.url'),
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
      const tenantId = assertTenantId(ctx.input.tenantId);
      const { namespace } = ctx.input;
      const groups: LokiRuleGroup[] = ctx.input.groups.map(group => ({
        ...group,
        rules: group.rules.map(rule => ({
          ...rule,
          labels: { ...rule.labels, [TENANT_ALERT_LABEL]: tenantId },
        })),
      }));
      assertValidQueries(groups);
      const names = groups.map(g => g.name);
      ctx.output('groups', names);
      const lokiUrl =
        ctx.input.lokiUrl ??
        config.getOptionalString('monitoringStack.upstreams.loki.url');
      if (!lokiUrl) {
        throw new InputError(
          'No Loki URL: set monitoringStack.upstreams.loki.url in app-config or the lokiUrl input',
        );
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: all queries are valid; would write groups ${names.join(
            ', ',
          )} to namespace '${namespace}' of tenant ${tenantId} at ${lokiUrl}`,
        );
        ctx.output('written', []);
        return;
      }
      const ruler = new LokiRulerClient({ baseUrl: lokiUrl, tenantId });
      const written: string[] = [];
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
      ctx.output('written', written);
    },
  });
}
