import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CloudTrailEventsResponse,
  SnsDeliveryResponse,
  StackHealthResponse,
  TenantAlertsResponse,
  TenantOverviewResponse,
} from '@internal/plugin-monitoring-stack-common';
import {
  MonitoringStackApi,
  NewSilence,
  TenantList,
} from './MonitoringStackApi';

/**
 * Encodes a path segment. Tenant ids may hold `! * ' ( )`, which
 * encodeURIComponent leaves as they are; encode them too so no proxy on the
 * way reads them as delimiters.
 */
function segment(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Talks to the monitoring-stack backend plugin. @public */
export class MonitoringStackClient implements MonitoringStackApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getTenants(): Promise<TenantList> {
    return this.request<TenantList>('/tenants');
  }

  async getOverview(): Promise<TenantOverviewResponse> {
    return this.request('/overview');
  }

  async getAlerts(tenantId: string): Promise<TenantAlertsResponse> {
    return this.request(`/tenants/${segment(tenantId)}/alerts`);
  }

  async getSnsDelivery(
    tenantId: string,
    windowHours: number,
  ): Promise<SnsDeliveryResponse> {
    const query = new URLSearchParams({ windowHours: String(windowHours) });
    return this.request(`/tenants/${segment(tenantId)}/sns?${query}`);
  }

  async getTenantHealth(tenantId: string): Promise<StackHealthResponse> {
    return this.request(`/tenants/${segment(tenantId)}/health`);
  }

  async getStackHealth(): Promise<StackHealthResponse> {
    return this.request('/health');
  }

  async getCloudTrailEvents(): Promise<CloudTrailEventsResponse> {
    return this.request('/cloudtrail/events');
  }

  async createSilence(
    tenantId: string,
    silence: NewSilence,
  ): Promise<{ silenceID: string }> {
    return this.request(
      `/tenants/${segment(tenantId)}/alertmanager/api/v2/silences`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(silence),
      },
    );
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('monitoring-stack');
    const response = await this.options.fetchApi.fetch(`${base}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
