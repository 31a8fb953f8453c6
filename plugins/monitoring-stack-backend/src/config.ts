import { Config } from '@backstage/config';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  ADMIN_TENANT_ID,
  tenantIdProblem,
} from '@internal/plugin-monitoring-stack-common';
import {
  ServiceGrant,
  TENANT_RIGHTS,
  TenantRight,
} from '@internal/plugin-monitoring-stack-node';
import { Upstream } from './services/gateway/upstream';

/** The group whose members see every tenant; `monitoringStack.adminGroup`. */
export function readAdminGroup(config: Config): string {
  const raw =
    config.getOptionalString('monitoringStack.adminGroup') ??
    'group:default/platform-admins';
  try {
    const ref = parseEntityRef(raw, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    return `${ref.kind.toLocaleLowerCase('en-US')}:${ref.namespace}/${
      ref.name
    }`;
  } catch (e) {
    throw new Error(
      `monitoringStack.adminGroup: must be a group entity ref: ${
        (e as Error).message
      }`,
    );
  }
}

/** Settings of the tenant-enforcing gateway. */
export type GatewayConfig = {
  metrics?: Upstream;
  logs?: Upstream;
  alertmanager?: Upstream;
  /** Header Thanos reads the tenant from. */
  tenantHeader: string;
  maxRequestBodyBytes: number;
  /** Static external access subjects (a tenant's Grafana), their tenant and rights. */
  serviceGrants: Map<string, ServiceGrant>;
};

const DEFAULT_TIMEOUT_MS = 30_000;

/** One upstream of `monitoringStack.upstreams.<key>`, or undefined when not configured. */
export function readUpstream(
  config: Config,
  key: string,
  name: string,
): Upstream | undefined {
  const c = config.getOptionalConfig(`monitoringStack.upstreams.${key}`);
  if (!c) return undefined;
  const url = c.getString('url');
  if (!URL.canParse(url)) {
    throw new Error(
      `monitoringStack.upstreams.${key}.url: must be a URL, got '${url}'`,
    );
  }
  const timeoutMs = c.getOptionalNumber('timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) {
    throw new Error(
      `monitoringStack.upstreams.${key}.timeoutMs: must be a positive number`,
    );
  }
  return { name, url, timeoutMs };
}

/** Reads `monitoringStack.upstreams` and `monitoringStack.gateway`, failing at start on bad values. */
export function readGatewayConfig(config: Config): GatewayConfig {
  const gateway = config.getOptionalConfig('monitoringStack.gateway');
  const serviceGrants = new Map<string, ServiceGrant>();
  (gateway?.getOptionalConfigArray('serviceTokens') ?? []).forEach(
    (entry, i) => {
      const key = `monitoringStack.gateway.serviceTokens[${i}]`;
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
  const maxRequestBodyBytes =
    gateway?.getOptionalNumber('maxRequestBodyBytes') ?? 1024 * 1024;
  if (!(maxRequestBodyBytes > 0)) {
    throw new Error(
      'monitoringStack.gateway.maxRequestBodyBytes: must be a positive number',
    );
  }
  return {
    metrics:
      readUpstream(config, 'thanosQuery', 'Thanos Query') ??
      readUpstream(config, 'prometheus', 'Prometheus'),
    logs: readUpstream(config, 'loki', 'Loki'),
    alertmanager: readUpstream(config, 'alertmanager', 'Alertmanager'),
    tenantHeader: gateway?.getOptionalString('tenantHeader') ?? 'THANOS-TENANT',
    maxRequestBodyBytes,
    serviceGrants,
  };
}
