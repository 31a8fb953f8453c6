import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { TenantRef } from '@internal/plugin-monitoring-stack-common';
import {
  audited,
  canonicalQuery,
  requireUpstream,
} from '@internal/plugin-monitoring-stack-node';
import { MonitoringStackActionOptions } from '../lib/actionOptions';
import { TENANT_ALERT_LABEL, TENANT_LABELS } from '../lib/alertLabels';
import { assertAlertingLogql } from '../lib/logql';
import {
  LokiAlertRule,
  LokiRuleGroup,
  LokiRulerClient,
  sameRuleGroup,
} from '../lib/lokiRuler';
import { writableTenant } from '../lib/tenantScope';
import { examples } from './lokiRules.examples';

const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const NAME = /^[A-Za-z0-9_.:-]+$/;

const ruleName = (group: LokiRuleGroup, index: number) =>
  `group '${group.name}' rule ${index} '${group.rules[index].alert}'`;

/**
 * Checks every query before anything is sent, naming the group, the rule and
 * the position of the first problem, and puts each query in the form the
 * gateway reads it (comments dropped), which is what the ruler stores.
 */
function canonicalQueries(groups: LokiRuleGroup[]): void {
  const seen = new Set<string>();
  for (const group of groups) {
    if (seen.has(group.name)) {
      throw new InputError(`groups: group '${group.name}' is listed twice`);
    }
    seen.add(group.name);
    group.rules.forEach((rule, index) => {
      try {
        assertAlertingLogql(rule.expr, 'expr');
        rule.expr = canonicalQuery('LogQL', rule.expr, 'expr');
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        throw new InputError(`${ruleName(group, index)}: ${e.message}`);
      }
    });
  }
}

/**
 * A rule's labels with the tenant's label added. Labels that would claim
 * another tenant are refused: the tenant labels, and a namespace the tenant
 * does not own (the gateway shows a namespace tenant the alerts of its
 * namespaces). The query's labels need no check: the ruler gives a rule's
 * labels precedence over those of the query's result, so no `label_format`
 * or parser stage changes the tenant label set here, and the query only
 * reads this tenant's logs.
 */
function tenantRuleLabels(
  tenant: TenantRef,
  where: string,
  labels: LokiAlertRule['labels'] = {},
): Record<string, string> {
  const reserved = TENANT_LABELS.find(name => name in labels);
  if (reserved) {
    throw new InputError(
      `${where}: the label '${reserved}' is reserved; the action sets ${TENANT_ALERT_LABEL} to the tenant`,
    );
  }
  if (
    labels.namespace !== undefined &&
    !tenant.namespaces.includes(labels.namespace)
  ) {
    throw new InputError(
      `${where}: the label 'namespace' must be one of tenant ${
        tenant.id
      }'s namespaces (${tenant.namespaces.join(', ') || 'none'}), got '${
        labels.namespace
      }'`,
    );
  }
  return { ...labels, [TENANT_ALERT_LABEL]: tenant.id };
}

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
      const groups: LokiRuleGroup[] = ctx.input.groups.map(group => ({
        ...group,
        rules: group.rules.map((rule, index) => ({
          ...rule,
          labels: tenantRuleLabels(tenant, ruleName(group, index), rule.labels),
        })),
      }));
      canonicalQueries(groups);
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
