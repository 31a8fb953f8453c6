import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AlertSeverity,
  countBySeverity,
  StackHealthResponse,
  TenantAlertsResponse,
  TenantOverviewResponse,
  TenantRef,
  TenantSummary,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { TenantAuthorizer } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { AlertsService, NOT_CONFIGURED } from '../alerts/AlertsService';
import { mapLimit } from '../lib/mapLimit';
import { reportedFailure } from '../upstream/errors';
import { StackHealth } from './StackHealth';

/** Failed notification deliveries of a tenant's topics since a time, as the notifier reported them to the SNS store. */
export type DeliveryFailureCounter = (
  tenant: TenantRef,
  since: Date,
) => Promise<number>;

/** Firing alerts by severity; pending and suppressed ones do not count. */
export function countFiring(
  alerts: TenantAlertsResponse['alerts'],
): Record<AlertSeverity, number> {
  return countBySeverity(alerts.filter(a => a.state === 'firing'));
}

/** Tenants summarised at once; each asks its alert sources and its Grafana. */
const CONCURRENCY = 8;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `ok` when nothing configured is down, `down` when everything configured is, `degraded` between. */
export function overallHealth(
  health: StackHealthResponse,
): TenantSummary['health'] {
  const judged = health.components.filter(c => c.status !== 'not-configured');
  const down = judged.filter(c => c.status === 'down').length;
  if (down === 0) return 'ok';
  return down === judged.length ? 'down' : 'degraded';
}

/**
 * The portal page: one summary per tenant the caller may see. A part that
 * cannot be read is named in the tenant's `errors`; it never fails the list.
 */
export class TenantOverview {
  constructor(
    private readonly access: TenantAuthorizer,
    private readonly alerts: AlertsService,
    private readonly health: StackHealth,
    private readonly deliveryFailures: DeliveryFailureCounter,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Every visible tenant's summary, in id order. */
  async overview(
    credentials: BackstageCredentials,
  ): Promise<TenantOverviewResponse> {
    const [tenants, admin] = await Promise.all([
      this.access.visibleTenants(credentials),
      this.access.isAdmin(credentials),
    ]);
    const items = await mapLimit(tenants, CONCURRENCY, t => this.summary(t));
    return { items, admin };
  }

  private async summary(tenant: TenantRef): Promise<TenantSummary> {
    const errors: string[] = [];
    const part = async <T>(
      what: string,
      read: () => Promise<T>,
      fallback: T,
    ): Promise<T> => {
      try {
        return await read();
      } catch (error) {
        errors.push(`${what}: ${reportedFailure(error).message}`);
        return fallback;
      }
    };
    const since = new Date(this.now().getTime() - DAY_MS);
    const [alerts, failures, health] = await Promise.all([
      part(
        'alerts',
        () => this.alerts.alerts({ kind: 'tenant', tenant }),
        undefined,
      ),
      part('delivery failures', () => this.deliveryFailures(tenant, since), 0),
      part('health', () => this.health.tenant(tenant), undefined),
    ]);
    for (const s of alerts?.sources ?? []) {
      if (!s.ok && s.error !== NOT_CONFIGURED)
        errors.push(`alerts from ${s.source}: ${s.error}`);
    }
    return {
      tenant,
      firing: countFiring(alerts?.alerts ?? []),
      deliveryFailures24h: failures,
      health: health ? overallHealth(health) : 'down',
      errors,
    };
  }
}
