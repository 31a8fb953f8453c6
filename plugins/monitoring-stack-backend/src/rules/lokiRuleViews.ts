import { LokiRuleGroupView } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  LokiRuleGroup,
  LokiRuleStateGroup,
} from '@tenant-monitoring/plugin-monitoring-stack-node';

/** The ruler's groups with the state of each rule next to its definition. */
export function lokiRuleViews(
  tenant: string,
  groups: Record<string, LokiRuleGroup[]>,
  states: LokiRuleStateGroup[],
): LokiRuleGroupView[] {
  const stateOf = new Map(
    states.flatMap(g =>
      (g.rules ?? []).map(r => [`${g.file}\u0000${g.name}\u0000${r.name}`, r]),
    ),
  );
  return Object.entries(groups)
    .flatMap(([namespace, list]) =>
      (list ?? []).map(group => ({
        tenant,
        namespace,
        name: group.name,
        interval: group.interval,
        rules: (group.rules ?? []).map(rule => {
          const state = stateOf.get(
            `${namespace}\u0000${group.name}\u0000${rule.alert}`,
          );
          return {
            ...rule,
            state: state?.state,
            health: state?.health,
            lastError: state?.lastError || undefined,
          };
        }),
      })),
    )
    .sort(
      (a, b) =>
        a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
    );
}
