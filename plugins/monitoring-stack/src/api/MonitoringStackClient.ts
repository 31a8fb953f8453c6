import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { MonitoringStackApi, TenantList } from './MonitoringStackApi';

/** Talks to the monitoring-stack backend plugin. @public */
export class MonitoringStackClient implements MonitoringStackApi {
  constructor(
    private readonly options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async getTenants(): Promise<TenantList> {
    return this.get<TenantList>('/tenants');
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('monitoring-stack');
    const response = await this.options.fetchApi.fetch(`${base}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
