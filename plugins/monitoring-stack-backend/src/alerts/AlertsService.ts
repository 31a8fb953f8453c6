import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import {
  SourceStatus,
  TenantAlert,
  TenantAlertsResponse,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  MonitoringStackAlertSource,
  TenantScope,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { readThrough } from '../lib/readThrough';
import { reportedFailure, withoutAddresses } from '../upstream/errors';
import { mergeAlerts } from './normalizeAlerts';

/** How long one answer per tenant is reused: alerts change on the evaluation interval anyway. */
const CACHE_TTL_MS = 15_000;

/** The error of a source that has no upstream configured. */
export const NOT_CONFIGURED = 'not configured';

type SourceResult = { status: SourceStatus; alerts: TenantAlert[] };

/**
 * A tenant's alerts from every alert source (the built-in Alertmanager,
 * Prometheus/Thanos rules, Loki ruler and CloudTrail, and those modules
 * added) as one list. Each source is asked with the caller's scope; sources
 * for the admin view alone are skipped for a tenant; a source that fails or
 * cannot answer is reported, with why (`not-configured`, `unreachable`,
 * `failed`), and the others still answer.
 */
export class AlertsService {
  constructor(
    private readonly sources: MonitoringStackAlertSource[],
    private readonly cache: CacheService,
    private readonly logger: LoggerService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The alerts of the scope, cached for a few seconds per tenant. */
  async alerts(scope: TenantScope): Promise<TenantAlertsResponse> {
    const tenant = scope.kind === 'tenant' ? scope.tenant.id : '*';
    return readThrough(this.cache, `alerts:${tenant}`, CACHE_TTL_MS, () =>
      this.load(scope),
    );
  }

  private async load(scope: TenantScope): Promise<TenantAlertsResponse> {
    const asked = this.sources.filter(
      s => scope.kind === 'admin' || !s.adminOnly,
    );
    const results = await Promise.all(asked.map(s => this.read(s, scope)));
    return {
      tenant: scope.kind === 'tenant' ? scope.tenant.id : '*',
      alerts: mergeAlerts(results.map(r => r.alerts)),
      sources: results.map(r => r.status),
      fetchedAt: this.now().toISOString(),
    };
  }

  private async read(
    source: MonitoringStackAlertSource,
    scope: TenantScope,
  ): Promise<SourceResult> {
    const id = source.id;
    if (source.unavailable !== undefined) {
      return {
        status: {
          source: id,
          ok: false,
          reason: 'not-configured',
          error: source.unavailable,
        },
        alerts: [],
      };
    }
    try {
      const { alerts, errors = [] } = await source.readAlerts(scope);
      if (errors.length === 0) {
        return { status: { source: id, ok: true }, alerts };
      }
      this.logger.warn(
        `Alerts source ${id} failed in part: ${errors.join('; ')}`,
      );
      return {
        status: {
          source: id,
          ok: false,
          reason: 'failed',
          error: withoutAddresses(errors.join('; ')),
        },
        alerts,
      };
    } catch (error) {
      this.logger.warn(
        `Alerts source ${id} failed: ${(error as Error).message}`,
      );
      // What the browser sees: why, a line and the cause, never an address.
      const { reason, message, detail } = reportedFailure(error);
      return {
        status: {
          source: id,
          ok: false,
          reason,
          error: message,
          ...(detail && { detail }),
        },
        alerts: [],
      };
    }
  }
}
