import { CacheService } from '@backstage/backend-plugin-api';
import {
  ComponentHealth,
  MonitoringStackSettings,
  StackComponentName,
  StackHealthResponse,
  TenantRef,
  upstreamNotConfigured,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { readThrough } from '../lib/readThrough';
import { reportedFailure } from '../upstream/errors';
import { callUpstream, Upstream } from '../upstream/upstream';

/** A readiness probe answers fast or counts as down. */
const PROBE_TIMEOUT_MS = 3000;
const CACHE_TTL_MS = 10_000;

/**
 * The shared components, each the upstream of the same key, and the
 * endpoint that says whether it is ready.
 */
const PROBES: Array<{
  component: Exclude<StackComponentName, 'cloudtrail'>;
  path: string;
}> = [
  { component: 'prometheus', path: '/-/ready' },
  { component: 'thanosQuery', path: '/-/ready' },
  { component: 'alertmanager', path: '/-/ready' },
  { component: 'loki', path: '/ready' },
  { component: 'grafana', path: '/api/health' },
];

/** Whether the CloudTrail reader delivers; undefined when it is disabled. */
export type CloudTrailFreshness = () => Promise<
  { up: boolean; detail?: string } | undefined
>;

/** The shared services to probe, the configured upstreams, with the probe timeout. */
export function healthUpstreams(
  settings: MonitoringStackSettings,
): Map<StackComponentName, Upstream> {
  const upstreams = new Map<StackComponentName, Upstream>();
  for (const probe of PROBES) {
    const up = settings.upstreams[probe.component];
    if (up)
      upstreams.set(probe.component, {
        ...up,
        timeoutMs: Math.min(up.timeoutMs, PROBE_TIMEOUT_MS),
      });
  }
  return upstreams;
}

/**
 * Readiness of the shared stack (each probe in parallel with a short
 * timeout) and of a tenant's Grafana, cached for a few seconds.
 */
export class StackHealth {
  constructor(
    private readonly upstreams: Map<StackComponentName, Upstream>,
    private readonly cloudTrail: CloudTrailFreshness,
    private readonly cache: CacheService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The shared stack: Prometheus, Thanos Query, Alertmanager, Loki, Grafana and CloudTrail delivery. */
  async shared(): Promise<StackHealthResponse> {
    return readThrough(this.cache, 'health:shared', CACHE_TTL_MS, async () => ({
      components: await Promise.all([
        ...PROBES.map(p =>
          this.probe(
            p.component,
            this.upstreams.get(p.component),
            p.path,
            `${upstreamNotConfigured(p.component).setting} is not set`,
          ),
        ),
        this.cloudTrailHealth(),
      ]),
    }));
  }

  /** The shared stack as the tenant sees it: its own Grafana in place of the shared one. */
  async tenant(tenant: TenantRef): Promise<StackHealthResponse> {
    const [shared, grafana] = await Promise.all([
      this.shared(),
      readThrough(this.cache, `health:grafana:${tenant.id}`, CACHE_TTL_MS, () =>
        this.probe(
          'grafana',
          tenant.grafanaUrl
            ? {
                name: `Grafana of ${tenant.id}`,
                url: tenant.grafanaUrl,
                timeoutMs: PROBE_TIMEOUT_MS,
              }
            : undefined,
          '/api/health',
          `tenant ${tenant.id} has no Grafana URL`,
        ),
      ),
    ]);
    return {
      components: shared.components.map(c =>
        c.component === 'grafana' ? grafana : c,
      ),
    };
  }

  /**
   * One component's readiness: `not-configured` (the detail names the
   * setting) without an upstream, `down` and why when it does not answer
   * ready; the detail never holds its address.
   */
  private async probe(
    component: StackComponentName,
    up: Upstream | undefined,
    path: string,
    notConfigured: string,
  ): Promise<ComponentHealth> {
    const checkedAt = this.now().toISOString();
    if (!up) {
      return {
        component,
        status: 'not-configured',
        detail: notConfigured,
        checkedAt,
      };
    }
    try {
      const response = await callUpstream(up, { method: 'GET', path });
      // Readiness bodies are a line of text; reading them frees the connection.
      await response.text().catch(() => undefined);
      return response.ok
        ? { component, status: 'up', checkedAt }
        : {
            component,
            status: 'down',
            reason: 'failed',
            detail: `${up.name} answered ${path} with HTTP ${response.status}`,
            checkedAt,
          };
    } catch (error) {
      const { reason, message, detail } = reportedFailure(error, up.name);
      return {
        component,
        status: 'down',
        reason,
        detail: detail ? `${message}: ${detail}` : message,
        checkedAt,
      };
    }
  }

  private async cloudTrailHealth(): Promise<ComponentHealth> {
    const checkedAt = this.now().toISOString();
    try {
      const freshness = await this.cloudTrail();
      if (!freshness)
        return {
          component: 'cloudtrail',
          status: 'not-configured',
          detail: 'monitoringStack.cloudTrail.enabled is not set',
          checkedAt,
        };
      return freshness.up
        ? {
            component: 'cloudtrail',
            status: 'up',
            detail: freshness.detail,
            checkedAt,
          }
        : {
            component: 'cloudtrail',
            status: 'down',
            reason: 'failed',
            detail: freshness.detail,
            checkedAt,
          };
    } catch (error) {
      return {
        component: 'cloudtrail',
        status: 'down',
        reason: 'failed',
        detail: reportedFailure(error).message,
        checkedAt,
      };
    }
  }
}
