import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AlertSource,
  SourceStatus,
  TenantAlert,
  TenantAlertsResponse,
  TenantRef,
} from '@internal/plugin-monitoring-stack-common';
import { GatewayConfig } from '../../config';
import { UpstreamError, UpstreamTimeoutError } from '../gateway/errors';
import { filterRules } from '../gateway/responseFilters';
import { matcherText, tenantMatcher } from '@internal/plugin-monitoring-stack-common';
import { callUpstream, readUpstreamJson, Upstream } from '../gateway/upstream';
import { TenantScope } from '@internal/plugin-monitoring-stack-node';
import {
  AlertLinks,
  AlertmanagerAlert,
  fromAlertmanager,
  fromRuleAlerts,
  fromRuleGroups,
  mergeAlerts,
  RuleAlert,
  RuleGroup,
} from './normalizeAlerts';
import { mapLimit, readThrough } from './readThrough';

/** How long one answer per tenant is reused: alerts change on the evaluation interval anyway. */
const CACHE_TTL_MS = 15_000;
/** Loki's ruler answers one tenant per request; the admin view asks this many at once. */
const LOKI_CONCURRENCY = 8;

/** Where alerts are read and where their links point. */
export type AlertsConfig = {
  alertmanager?: Upstream;
  metrics?: Upstream;
  loki?: Upstream;
  tenantHeader: string;
  /** Browser-facing Alertmanager URL for silence links. */
  alertmanagerPublicUrl?: string;
  /** Grafana of the admin view's expression links. */
  adminGrafanaUrl?: string;
};

/** Reads `monitoringStack.alerts` on top of the gateway's upstreams. */
export function readAlertsConfig(
  config: Config,
  gateway: GatewayConfig,
): AlertsConfig {
  const alerts = config.getOptionalConfig('monitoringStack.alerts');
  return {
    alertmanager: gateway.alertmanager,
    metrics: gateway.metrics,
    loki: gateway.logs,
    tenantHeader: gateway.tenantHeader,
    alertmanagerPublicUrl:
      alerts?.getOptionalString('alertmanagerPublicUrl') ??
      gateway.alertmanager?.url,
    adminGrafanaUrl:
      alerts?.getOptionalString('adminGrafanaUrl') ??
      config.getOptionalString('monitoringStack.upstreams.grafana.url'),
  };
}

/** Alerts that only the admin view shows, such as CloudTrail events that need attention. */
export type AdminAlertsProvider = () => Promise<TenantAlert[]>;

/** The error of a source that has no upstream configured. */
export const NOT_CONFIGURED = 'not configured';

type SourceResult = { status: SourceStatus; alerts: TenantAlert[] };
/** A source's alerts; `errors` when some of it (one tenant's Loki rules) could not be read. */
type SourceRead = { alerts: TenantAlert[]; errors?: string[] };

/**
 * A tenant's alerts from Alertmanager, the Prometheus/Thanos rules API and
 * Loki's ruler as one list. Each source is asked with the tenant's scope
 * (Alertmanager's filter, Thanos' tenant header and rule filtering, Loki's
 * org id); a source that fails is reported and the others still answer.
 */
export class AlertsService {
  constructor(
    private readonly config: AlertsConfig,
    private readonly cache: CacheService,
    private readonly logger: LoggerService,
    private readonly adminAlerts?: AdminAlertsProvider,
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
    const links: AlertLinks = {
      alertmanagerUrl: this.config.alertmanagerPublicUrl,
      grafanaUrl:
        scope.kind === 'tenant'
          ? scope.tenant.grafanaUrl
          : this.config.adminGrafanaUrl,
    };
    const results = await Promise.all([
      this.source('alertmanager', this.config.alertmanager, up =>
        this.readAlertmanager(up, scope, links),
      ),
      this.source('prometheus', this.config.metrics, up =>
        this.readRules(up, scope, links),
      ),
      this.source('loki', this.config.loki, up =>
        this.readLoki(up, scope, links),
      ),
    ]);
    const lists = results.map(r => r.alerts);
    if (scope.kind === 'admin' && this.adminAlerts)
      lists.push(await this.adminAlerts());
    return {
      tenant: scope.kind === 'tenant' ? scope.tenant.id : '*',
      alerts: mergeAlerts(lists),
      sources: results.map(r => r.status),
      fetchedAt: this.now().toISOString(),
    };
  }

  private async source(
    source: AlertSource,
    upstream: Upstream | undefined,
    read: (up: Upstream) => Promise<SourceRead>,
  ): Promise<SourceResult> {
    if (!upstream) {
      return {
        status: { source, ok: false, error: NOT_CONFIGURED },
        alerts: [],
      };
    }
    try {
      const { alerts, errors = [] } = await read(upstream);
      if (errors.length === 0) return { status: { source, ok: true }, alerts };
      this.logger.warn(
        `Alerts source ${source} failed in part: ${errors.join('; ')}`,
      );
      return {
        status: { source, ok: false, error: errors.join('; ') },
        alerts,
      };
    } catch (error) {
      const message = this.describe(upstream, error);
      this.logger.warn(`Alerts source ${source} failed: ${message}`);
      return { status: { source, ok: false, error: message }, alerts: [] };
    }
  }

  /** Upstream errors name the upstream already; others (a tenant without namespaces) do not. */
  private describe(upstream: Upstream, error: unknown): string {
    return error instanceof UpstreamError ||
      error instanceof UpstreamTimeoutError
      ? error.message
      : `${upstream.name}: ${(error as Error).message}`;
  }

  private async getJson<T>(
    up: Upstream,
    path: string,
    params?: URLSearchParams,
    headers?: Record<string, string>,
  ) {
    const response = await callUpstream(up, {
      method: 'GET',
      path,
      params,
      headers,
    });
    if (response.status !== 200) {
      response.body.resume();
      throw new UpstreamError(
        `${up.name} answered ${path} with HTTP ${response.status}`,
      );
    }
    return readUpstreamJson<T>(up, response);
  }

  private async readAlertmanager(
    up: Upstream,
    scope: TenantScope,
    links: AlertLinks,
  ) {
    const params = new URLSearchParams();
    if (scope.kind === 'tenant')
      params.append('filter', matcherText(tenantMatcher(scope.tenant)));
    const alerts = await this.getJson<AlertmanagerAlert[]>(
      up,
      '/api/v2/alerts',
      params,
    );
    return { alerts: fromAlertmanager(alerts, links) };
  }

  private async readRules(up: Upstream, scope: TenantScope, links: AlertLinks) {
    const params = new URLSearchParams({ type: 'alert' });
    const headers =
      scope.kind === 'tenant'
        ? { [this.config.tenantHeader]: scope.tenant.id }
        : undefined;
    type Rules = { data?: { groups?: RuleGroup[] } };
    let body = await this.getJson<Rules>(up, '/api/v1/rules', params, headers);
    if (scope.kind === 'tenant')
      body = filterRules(body, tenantMatcher(scope.tenant));
    return {
      alerts: fromRuleGroups(body.data?.groups ?? [], 'prometheus', links),
    };
  }

  private async readLoki(up: Upstream, scope: TenantScope, links: AlertLinks) {
    type Alerts = { data?: { alerts?: RuleAlert[] } };
    const read = (tenant: TenantRef) =>
      this.getJson<Alerts>(up, '/prometheus/api/v1/alerts', undefined, {
        'X-Scope-OrgID': tenant.id,
      });
    if (scope.kind === 'tenant') {
      return {
        alerts: fromRuleAlerts(
          (await read(scope.tenant)).data?.alerts ?? [],
          'loki',
          links,
        ),
      };
    }
    // The admin view asks every tenant; one tenant's failure keeps the others' alerts.
    const errors: string[] = [];
    const lists = await mapLimit(
      scope.tenants,
      LOKI_CONCURRENCY,
      async tenant => {
        try {
          return fromRuleAlerts(
            (await read(tenant)).data?.alerts ?? [],
            'loki',
            links,
          );
        } catch (error) {
          errors.push(`tenant ${tenant.id}: ${this.describe(up, error)}`);
          return [];
        }
      },
    );
    return { alerts: lists.flat(), errors: errors.sort() };
  }
}
