import { AlertSeverity, TenantAlert } from './api';

/** Alerts per severity, every severity present. @public */
export function countBySeverity(
  alerts: Pick<TenantAlert, 'severity'>[],
): Record<AlertSeverity, number> {
  const counts: Record<AlertSeverity, number> = {
    critical: 0,
    warning: 0,
    info: 0,
    none: 0,
  };
  for (const alert of alerts) counts[alert.severity] += 1;
  return counts;
}
