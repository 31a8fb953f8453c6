import { TenantSummary } from '@tenant-monitoring/plugin-monitoring-stack-common';

/** One flat row of the portal table, so the table can search and sort it. */
export type OverviewRow = {
  id: string;
  title: string;
  entityRef: string;
  critical: number;
  warning: number;
  info: number;
  deliveryFailures24h: number;
  health: TenantSummary['health'];
  /** Parts that could not be read, one line each; shown in a tooltip. */
  errors: string[];
};

/** Flattens the overview for the table. */
export function overviewRows(items: TenantSummary[]): OverviewRow[] {
  return items.map(item => ({
    id: item.tenant.id,
    title: item.tenant.title,
    entityRef: item.tenant.entityRef,
    critical: item.firing.critical,
    warning: item.firing.warning,
    info: item.firing.info,
    deliveryFailures24h: item.deliveryFailures24h,
    health: item.health,
    errors: item.errors,
  }));
}
