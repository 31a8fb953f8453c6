import { InputError } from '@backstage/errors';
import {
  TENANT_ALERT_LABEL,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { z } from 'zod';
import { canonicalQuery } from '../queries/parseQuery';
import { TENANT_LABELS } from './alertLabels';
import { assertAlertingLogql } from './logql';
import { LokiAlertRule, LokiRuleGroup } from './lokiRuler';

/** A Prometheus duration such as `1m` or `1h30m`. @public */
export const LOKI_RULE_DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

/**
 * The names the ruler takes for a namespace and a group. Not `.` or `..`:
 * they are path segments of the ruler's API, where those would address
 * another resource (`rules/../delete` is Loki's log deletion).
 * @public
 */
export const LOKI_RULE_NAME = /^(?!\.\.?$)[A-Za-z0-9_.:-]+$/;

/** What {@link LOKI_RULE_NAME} says, for messages. @public */
export const LOKI_RULE_NAME_RULE =
  "must be letters, digits and _ . : -, and not '.' or '..'";

/** Where a rule is, in messages: its group, its index and its alert. @public */
export const lokiRuleName = (group: LokiRuleGroup, index: number) =>
  `group '${group.name}' rule ${index} '${group.rules[index].alert}'`;

/**
 * The schemas of a rule namespace and of rule groups, built with the zod of
 * the caller (the scaffolder passes its own).
 * @public
 */
export function lokiRuleSchemas(zImpl: typeof z = z) {
  const namespace = zImpl.string().regex(LOKI_RULE_NAME, LOKI_RULE_NAME_RULE);
  const group = zImpl.object({
    name: zImpl.string().regex(LOKI_RULE_NAME, LOKI_RULE_NAME_RULE),
    interval: zImpl
      .string()
      .regex(LOKI_RULE_DURATION, 'must be a duration like 1m')
      .optional(),
    rules: zImpl
      .array(
        zImpl.object({
          alert: zImpl.string().min(1),
          expr: zImpl.string(),
          for: zImpl
            .string()
            .regex(LOKI_RULE_DURATION, 'must be a duration like 5m')
            .optional(),
          labels: zImpl.record(zImpl.string()).optional(),
          annotations: zImpl.record(zImpl.string()).optional(),
        }),
      )
      .min(1),
  });
  return { namespace, group, groups: zImpl.array(group).min(1) };
}

/**
 * Checks every query before anything is sent, naming the group, the rule and
 * the position of the first problem, and puts each query in the form the
 * gateway reads it (comments dropped), which is what the ruler stores.
 * Refuses a group listed twice.
 * @public
 */
export function canonicalLokiQueries(groups: LokiRuleGroup[]): void {
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
        throw new InputError(`${lokiRuleName(group, index)}: ${e.message}`);
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
 * @public
 */
export function tenantRuleLabels(
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
 * The groups as the ruler gets them for `tenant`: each rule labelled with
 * the tenant (see {@link tenantRuleLabels}) and each query checked and in
 * canonical form (see {@link canonicalLokiQueries}). Throws an InputError
 * naming the group and the rule of the first problem.
 * @public
 */
export function tenantLokiRuleGroups(
  tenant: TenantRef,
  groups: LokiRuleGroup[],
): LokiRuleGroup[] {
  const labelled = groups.map(group => ({
    ...group,
    rules: group.rules.map((rule, index) => ({
      ...rule,
      labels: tenantRuleLabels(tenant, lokiRuleName(group, index), rule.labels),
    })),
  }));
  canonicalLokiQueries(labelled);
  return labelled;
}
