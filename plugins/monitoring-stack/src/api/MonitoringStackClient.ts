import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CloudTrailEventsResponse,
  IssuedTenantToken,
  NewTenantToken,
  SnsDeliveryResponse,
  StackHealthResponse,
  TenantAlertsResponse,
  TenantOverviewResponse,
  TenantSetupResponse,
  TenantTokenInfo,
  TenantTokensResponse,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  MonitoringStackApi,
  NewSilence,
  TenantList,
} from './MonitoringStackApi';
import {
  LogLine,
  LogTail,
  LokiQueryData,
  LokiRuleGroupInput,
  LokiRulesResponse,
  PromQueryData,
  PrometheusRulesResponse,
  QueryRange,
  Silence,
  TenantDashboardsResponse,
} from './queryTypes';
import { segment } from './pathSegment';

/** The log lines of Loki streams, newest first. */
export function streamLines(
  streams: Array<{ stream: Record<string, string>; values: string[][] }>,
): LogLine[] {
  return streams
    .flatMap(s =>
      s.values.map(([timestampNs, line]) => ({
        timestampNs,
        line,
        labels: s.stream,
      })),
    )
    .sort(
      (a, b) =>
        b.timestampNs.length - a.timestampNs.length ||
        (b.timestampNs > a.timestampNs ? 1 : -1),
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

  async getTenantSetup(tenantId: string): Promise<TenantSetupResponse> {
    return this.request(`/tenants/${segment(tenantId)}/setup`);
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

  async queryMetrics(
    tenantId: string,
    query: string,
    range?: QueryRange,
  ): Promise<PromQueryData> {
    const params = new URLSearchParams({ query });
    if (range) {
      params.set('start', String(range.start));
      params.set('end', String(range.end));
      params.set('step', String(range.step));
    }
    const endpoint = range ? 'query_range' : 'query';
    const body = await this.request<{ data: PromQueryData }>(
      `/tenants/${segment(tenantId)}/metrics/api/v1/${endpoint}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: params.toString(),
      },
    );
    return body.data;
  }

  async getSilences(tenantId: string): Promise<Silence[]> {
    return this.request(
      `/tenants/${segment(tenantId)}/alertmanager/api/v2/silences`,
    );
  }

  async expireSilence(tenantId: string, silenceId: string): Promise<void> {
    await this.request(
      `/tenants/${segment(tenantId)}/alertmanager/api/v2/silence/${segment(
        silenceId,
      )}`,
      { method: 'DELETE' },
    );
  }

  async getPrometheusRules(tenantId: string): Promise<PrometheusRulesResponse> {
    return this.request(`/tenants/${segment(tenantId)}/metrics/api/v1/rules`);
  }

  async getLokiRules(tenantId: string): Promise<LokiRulesResponse> {
    return this.request(`/tenants/${segment(tenantId)}/rules/loki`);
  }

  async putLokiRuleGroup(
    tenantId: string,
    namespace: string,
    group: string,
    body: LokiRuleGroupInput,
  ): Promise<void> {
    await this.request(
      `/tenants/${segment(tenantId)}/rules/loki/${segment(namespace)}/${segment(
        group,
      )}`,
      {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      },
    );
  }

  async deleteLokiRuleGroup(
    tenantId: string,
    namespace: string,
    group: string,
  ): Promise<void> {
    await this.request(
      `/tenants/${segment(tenantId)}/rules/loki/${segment(namespace)}/${segment(
        group,
      )}`,
      { method: 'DELETE' },
    );
  }

  async queryLogs(
    tenantId: string,
    query: string,
    range: { start: number; end: number; limit: number },
  ): Promise<LokiQueryData> {
    const params = new URLSearchParams({
      query,
      start: `${Math.floor(range.start)}000000000`,
      end: `${Math.ceil(range.end)}000000000`,
      limit: String(range.limit),
      direction: 'backward',
    });
    const body = await this.request<{ data: LokiQueryData }>(
      `/tenants/${segment(tenantId)}/logs/loki/api/v1/query_range?${params}`,
    );
    return body.data;
  }

  async tailLogs(
    tenantId: string,
    query: string,
    handlers: {
      onLines: (lines: LogLine[]) => void;
      onError: (error: Error) => void;
    },
  ): Promise<LogTail> {
    const base = await this.options.discoveryApi.getBaseUrl('monitoring-stack');
    // Browsers send no Authorization header on a WebSocket: the plugin's
    // user cookie authenticates the tail.
    await this.options.fetchApi.fetch(`${base}/.backstage/auth/v1/cookie`, {
      credentials: 'include',
    });
    const url = new URL(
      `${base}/tenants/${segment(tenantId)}/logs/loki/api/v1/tail`,
      window.location.href,
    );
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('query', query);
    const socket = new WebSocket(url.toString());
    let stopped = false;
    socket.onmessage = event => {
      try {
        const frame = JSON.parse(String(event.data));
        handlers.onLines(streamLines(frame.streams ?? []));
      } catch (e) {
        handlers.onError(e as Error);
      }
    };
    socket.onclose = event => {
      if (!stopped && event.code !== 1000) {
        handlers.onError(
          new Error(
            `The live tail closed (${event.code}${
              event.reason ? `: ${event.reason}` : ''
            })`,
          ),
        );
      }
    };
    return {
      stop: () => {
        stopped = true;
        socket.close(1000);
      },
    };
  }

  async getDashboards(
    tenantId: string,
    filters: { tag?: string; folder?: string },
  ): Promise<TenantDashboardsResponse> {
    const params = new URLSearchParams();
    if (filters.tag) params.set('tag', filters.tag);
    if (filters.folder) params.set('folder', filters.folder);
    const query = params.toString();
    return this.request(
      `/tenants/${segment(tenantId)}/dashboards${query ? `?${query}` : ''}`,
    );
  }

  async getTenantTokens(tenantId: string): Promise<TenantTokensResponse> {
    return this.request(`/tenants/${segment(tenantId)}/tokens`);
  }

  async createTenantToken(
    tenantId: string,
    token: NewTenantToken,
  ): Promise<IssuedTenantToken> {
    return this.request(`/tenants/${segment(tenantId)}/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(token),
    });
  }

  async rotateTenantToken(
    tenantId: string,
    id: string,
  ): Promise<IssuedTenantToken> {
    return this.request(
      `/tenants/${segment(tenantId)}/tokens/${segment(id)}/rotate`,
      { method: 'POST' },
    );
  }

  async revokeTenantToken(
    tenantId: string,
    id: string,
  ): Promise<TenantTokenInfo> {
    return this.request(`/tenants/${segment(tenantId)}/tokens/${segment(id)}`, {
      method: 'DELETE',
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('monitoring-stack');
    const response = await this.options.fetchApi.fetch(`${base}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
