import {
  AlertSeverity,
  TenantAlert,
} from '@internal/plugin-monitoring-stack-common';

/** Alerts per severity. */
export function severityCounts(
  alerts: TenantAlert[],
): Record<AlertSeverity, number> {
  const counts: Record<AlertSeverity, number> = {
    critical: 0,
    warning: 0,
    info: 0,
    none: 0,
  };
  for (const alert of alerts) {
    counts[alert.severity] += 1;
  }
  return counts;
}
