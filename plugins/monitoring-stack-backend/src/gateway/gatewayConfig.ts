import { Config } from '@backstage/config';
import {
  ADMIN_TENANT_ID,
  MonitoringStackSettings,
  tenantIdProblem,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  requireUpstream,
  ServiceGrant,
  TENANT_RIGHTS,
  TenantRight,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { positiveNumber } from '../lib/configValues';
import { requireMetricsUpstream } from '../upstream/stackUpstreams';
import { UpstreamRef } from '../upstream/upstream';

/** Settings of the tenant-enforcing gateway. */
export type GatewayConfig = {
  /** Thanos Query, else Prometheus; a 503 for requests when neither is configured. */
  metrics: UpstreamRef;
  logs: UpstreamRef;
  alertmanager: UpstreamRef;
  /** Header Thanos reads the tenant from. */
  tenantHeader: string;
  maxRequestBodyBytes: number;
  /** Static external access subjects (a tenant's Grafana), their tenant and rights. */
  serviceGrants: Map<string, ServiceGrant>;
  /** The portal's origin (`app.baseUrl`): the only page that may open a tail with the user cookie. */
  appOrigin?: string;
};

const PREFIX = 'monitoringStack.gateway';

function appOrigin(baseUrl: string | undefined): string | undefined {
  if (baseUrl === undefined) return undefined;
  if (!URL.canParse(baseUrl)) {
    throw new Error(`app.baseUrl: must be a URL, got '${baseUrl}'`);
  }
  return new URL(baseUrl).origin;
}

function readServiceGrants(
  gateway: Config | undefined,
): Map<string, ServiceGrant> {
  const serviceGrants = new Map<string, ServiceGrant>();
  (gateway?.getOptionalConfigArray('serviceTokens') ?? []).forEach(
    (entry, i) => {
      const key = `${PREFIX}.serviceTokens[${i}]`;
      const subject = entry.getString('subject');
      const tenant = entry.getString('tenant');
      const problem =
        tenant === ADMIN_TENANT_ID ? undefined : tenantIdProblem(tenant);
      if (problem) {
        throw new Error(`${key}.tenant: ${problem}`);
      }
      const rights = entry.getOptionalStringArray('rights') ?? ['read'];
      const unknown = rights.find(
        r => !(TENANT_RIGHTS as string[]).includes(r),
      );
      if (unknown !== undefined) {
        throw new Error(
          `${key}.rights: '${unknown}' is not one of ${TENANT_RIGHTS.join(
            ', ',
          )}`,
        );
      }
      if (serviceGrants.has(subject)) {
        throw new Error(`${key}.subject: '${subject}' is listed twice`);
      }
      serviceGrants.set(subject, {
        tenant,
        rights: rights as TenantRight[],
      });
    },
  );
  return serviceGrants;
}

/**
 * Reads `monitoringStack.gateway`, failing at start on bad values; the
 * upstreams are the shared settings'.
 */
export function readGatewayConfig(
  config: Config,
  settings: MonitoringStackSettings,
): GatewayConfig {
  const gateway = config.getOptionalConfig(PREFIX);
  return {
    metrics: () => requireMetricsUpstream(settings),
    logs: () => requireUpstream(settings, 'loki'),
    alertmanager: () => requireUpstream(settings, 'alertmanager'),
    tenantHeader: gateway?.getOptionalString('tenantHeader') ?? 'THANOS-TENANT',
    appOrigin: appOrigin(config.getOptionalString('app.baseUrl')),
    maxRequestBodyBytes: positiveNumber(
      gateway,
      PREFIX,
      'maxRequestBodyBytes',
      1024 * 1024,
    ),
    serviceGrants: readServiceGrants(gateway),
  };
}
