import { ServiceUnavailableError } from '@backstage/errors';
import {
  TENANT_GRAFANA,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import type {
  TenantGrafanaCredentialsService,
  TenantGrafanaToken,
  UpstreamTarget,
} from '@tenant-monitoring/plugin-monitoring-stack-node';

/** Where the actions reach a tenant's Grafana. @public */
export type GrafanaTarget = {
  upstream: UpstreamTarget;
  /** The organisation the tenant's Grafana keeps everything in. */
  orgId: number;
};

/** A tenant's Grafana and the credentials the actions send it. @public */
export type GrafanaConnection = GrafanaTarget & {
  /** The `Authorization` header. */
  authorization: string;
  /** Names what to check when Grafana refuses the credentials. */
  accessHint: string;
};

/**
 * The tenant's own Grafana: its URL as the catalog declares the tenant
 * (`grafanaUrl`, from the provider-owned entity, never from step input) and
 * its default organisation (`TENANT_GRAFANA.orgId`). Needs no credentials,
 * so a dry run works without them.
 * @public
 */
export function tenantGrafanaTarget(
  tenant: Pick<TenantRef, 'id' | 'grafanaUrl'>,
): GrafanaTarget {
  if (!tenant.grafanaUrl) {
    throw new ServiceUnavailableError(
      `Tenant ${tenant.id} declares no Grafana URL: set grafanaUrl of the tenant in monitoringStack.tenants, or monitoringStack.tenantGrafanaUrl for tenants of Kubernetes namespaces`,
    );
  }
  return {
    upstream: {
      name: `Grafana of tenant ${tenant.id}`,
      url: tenant.grafanaUrl,
    },
    orgId: TENANT_GRAFANA.orgId,
  };
}

/** The target with the service account token as a bearer. */
export function withToken(
  target: GrafanaTarget,
  token: TenantGrafanaToken,
): GrafanaConnection {
  return {
    ...target,
    authorization: `Bearer ${token.token}`,
    accessHint: token.accessHint,
  };
}

/**
 * The tenant's Grafana with its service account token, from
 * `monitoringStack.grafanaServiceAccounts` or the one `grafana:provision`
 * stored; fails naming both when there is none.
 * @public
 */
export async function tenantGrafanaConnection(
  credentials: TenantGrafanaCredentialsService,
  tenant: Pick<TenantRef, 'id' | 'grafanaUrl'>,
): Promise<GrafanaConnection> {
  const target = tenantGrafanaTarget(tenant);
  const token = await credentials.serviceAccountToken(tenant.id);
  if (!token) {
    throw new ServiceUnavailableError(
      `No Grafana service account token for tenant ${tenant.id}: run grafana:provision for the tenant first (it creates one with the Grafana's admin password and stores it in AWS Secrets Manager), or add { tenant: '${tenant.id}', token } to monitoringStack.grafanaServiceAccounts in app-config`,
    );
  }
  return withToken(target, token);
}
