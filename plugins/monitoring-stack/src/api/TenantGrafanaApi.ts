import {
  Alert,
  Dashboard,
  GrafanaApi,
  grafanaApiRef,
  grafanaPlugin,
} from '@backstage-community/plugin-grafana';
import { ConfigReader } from '@backstage/config';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { MonitoringStackApi } from './MonitoringStackApi';
import { segment } from './pathSegment';

/**
 * The community Grafana plugin (`@backstage-community/plugin-grafana` 0.21)
 * for every tenant without an entry per tenant in `grafana.hosts` or
 * `proxy.endpoints`: the entity's `grafana/host-id` is the tenant's id (the
 * catalog module writes it), and each tenant gets the plugin's own client,
 * built by the plugin's own API factory, whose requests go to the gateway's
 * Grafana reads of that tenant (`/tenants/<tenant>/grafana/...`, the
 * caller's right checked and the tenant's service account token added
 * there) and whose links go to the tenant's Grafana address. A tenant added
 * while the portal runs works at once. Register it in the app as the
 * plugin's API: `createApiFactory({ api: grafanaApiRef, ... })`.
 * @public
 */
export class TenantGrafanaApi implements GrafanaApi {
  private readonly clients = new Map<string, Promise<GrafanaApi>>();

  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
      monitoringStackApi: MonitoringStackApi;
    },
  ) {}

  /** Tenant Grafanas run 11.x (rendered by tenant:render), where legacy alerting is gone. */
  isUnifiedAlerting(): boolean {
    return true;
  }

  /** The tenant's dashboards, by the plugin's own client. */
  async listDashboards(query: string, hostId?: string): Promise<Dashboard[]> {
    const client = await this.client(hostId);
    return client.listDashboards(query, hostId);
  }

  /** The tenant's Grafana alerts, by the plugin's own client. */
  async alertsForSelector(
    selectors: string | string[],
    hostId?: string,
  ): Promise<Alert[]> {
    const client = await this.client(hostId);
    return client.alertsForSelector(selectors, hostId);
  }

  private client(tenantId?: string): Promise<GrafanaApi> {
    if (!tenantId) {
      return Promise.reject(
        new Error(
          "The entity has no grafana/host-id annotation naming its monitoring-stack tenant; the catalog module writes it on the tenant's entities",
        ),
      );
    }
    let client = this.clients.get(tenantId);
    if (!client) {
      client = this.create(tenantId);
      this.clients.set(tenantId, client);
      // A tenant not readable or not set up yet is asked again next time.
      client.catch(() => this.clients.delete(tenantId));
    }
    return client;
  }

  private async create(tenantId: string): Promise<GrafanaApi> {
    const { discoveryApi, fetchApi, monitoringStackApi } = this.options;
    const setup = await monitoringStackApi.getTenantSetup(tenantId);
    const { grafanaUrl } = setup;
    if (!grafanaUrl) {
      const grafana = setup.parts.grafana;
      throw new Error(
        `Tenant ${tenantId} has no Grafana address${
          grafana.configured ? '' : `: set ${grafana.setting}`
        }`,
      );
    }
    const factory = [...grafanaPlugin.getApis()].find(
      f => f.api.id === grafanaApiRef.id,
    );
    if (!factory) {
      throw new Error(
        `@backstage-community/plugin-grafana provides no ${grafanaApiRef.id} factory to build a tenant's client with`,
      );
    }
    const tenantRoutes = async () =>
      `${await discoveryApi.getBaseUrl('monitoring-stack')}/tenants/${segment(
        tenantId,
      )}`;
    return factory.factory({
      // The plugin asks `<proxy base URL><proxyPath>/api/...`.
      discoveryApi: { getBaseUrl: tenantRoutes },
      fetchApi,
      configApi: new ConfigReader({
        grafana: {
          hosts: [
            {
              id: tenantId,
              domain: grafanaUrl,
              proxyPath: '/grafana',
              unifiedAlerting: true,
            },
          ],
        },
      }),
    }) as GrafanaApi;
  }
}
