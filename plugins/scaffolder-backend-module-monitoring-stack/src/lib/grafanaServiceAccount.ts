import { LoggerService } from '@backstage/backend-plugin-api';
import {
  TENANT_GRAFANA_ADMIN_USER,
  TENANT_GRAFANA_SECRET_KEYS,
  TENANT_GRAFANA_SERVICE_ACCOUNT_TOKEN_KEY,
  TenantGrafanaCredentialsService,
  tenantGrafanaSecretName,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { GrafanaClient } from './GrafanaClient';
import { GrafanaConnection, GrafanaTarget, withToken } from './grafanaConfig';

/** The service account the portal uses in every tenant's Grafana. */
export const PORTAL_SERVICE_ACCOUNT = 'backstage';

type ServiceAccount = {
  id: number;
  name: string;
  role: string;
  isDisabled: boolean;
};

/**
 * The tenant's Grafana with the portal's service account token. When there
 * is none yet (neither in config nor stored), makes one without a human:
 * signs in as the Grafana's admin user with the password its secrets stack
 * generated, finds or creates the service account `backstage` with the
 * Admin role in the tenant's organisation, adds a token and stores it in
 * AWS Secrets Manager, where the next run and the dashboards card find it.
 * Neither the password nor the token is logged.
 */
export async function serviceAccountConnection(options: {
  credentials: TenantGrafanaCredentialsService;
  tenantId: string;
  target: GrafanaTarget;
  logger: LoggerService;
}): Promise<GrafanaConnection> {
  const { credentials, tenantId, target, logger } = options;
  const existing = await credentials.serviceAccountToken(tenantId);
  if (existing) return withToken(target, existing);

  const passwordSecret = tenantGrafanaSecretName(
    tenantId,
    TENANT_GRAFANA_SECRET_KEYS.adminPassword,
  );
  const password = await credentials.adminPassword(tenantId);
  const admin = new GrafanaClient({
    upstream: target.upstream,
    authorization: `Basic ${Buffer.from(
      `${TENANT_GRAFANA_ADMIN_USER}:${password}`,
    ).toString('base64')}`,
    accessHint: `its admin user '${TENANT_GRAFANA_ADMIN_USER}' was refused with the password in AWS Secrets Manager secret ${passwordSecret}: check that the Grafana reads GF_SECURITY_ADMIN_PASSWORD from that secret (as the rendered Deployment does); Grafana takes it when it first starts, so a password changed in Grafana since no longer matches`,
  });
  const { orgId } = target;

  const found = await admin.call<{ serviceAccounts?: ServiceAccount[] }>(
    'GET',
    `/api/serviceaccounts/search?query=${encodeURIComponent(
      PORTAL_SERVICE_ACCOUNT,
    )}`,
    { orgId },
  );
  // The query matches parts of names: only the exact name is ours.
  let account = found.body?.serviceAccounts?.find(
    a => a.name === PORTAL_SERVICE_ACCOUNT,
  );
  const changes: string[] = [];
  if (!account) {
    const created = await admin.call<ServiceAccount>(
      'POST',
      '/api/serviceaccounts',
      {
        orgId,
        body: {
          name: PORTAL_SERVICE_ACCOUNT,
          role: 'Admin',
          isDisabled: false,
        },
      },
    );
    account = created.body;
    changes.push(`created service account '${PORTAL_SERVICE_ACCOUNT}' (Admin)`);
  } else if (account.role !== 'Admin' || account.isDisabled) {
    await admin.call('PATCH', `/api/serviceaccounts/${account.id}`, {
      orgId,
      body: { name: PORTAL_SERVICE_ACCOUNT, role: 'Admin', isDisabled: false },
    });
    changes.push(
      `made service account '${PORTAL_SERVICE_ACCOUNT}' an enabled Admin`,
    );
  }
  // Token names are unique per service account; a run after a lost secret adds another.
  const tokenName = `${PORTAL_SERVICE_ACCOUNT}-${new Date()
    .toISOString()
    .replace(/[:.]/g, '-')}`;
  const token = await admin.call<{ id: number; name: string; key: string }>(
    'POST',
    `/api/serviceaccounts/${account.id}/tokens`,
    { orgId, body: { name: tokenName } },
  );
  if (!token.body?.key) {
    throw new Error(
      `${target.upstream.name} answered POST /api/serviceaccounts/${account.id}/tokens without the token's key`,
    );
  }
  const stored = await credentials.storeServiceAccountToken(
    tenantId,
    token.body.key,
  );
  changes.push(
    `added token '${tokenName}' to service account '${PORTAL_SERVICE_ACCOUNT}' and stored it in AWS Secrets Manager secret ${tenantGrafanaSecretName(
      tenantId,
      TENANT_GRAFANA_SERVICE_ACCOUNT_TOKEN_KEY,
    )}`,
  );
  logger.info(
    `Grafana of tenant ${tenantId} had no service account token for the portal, so it signed in as '${TENANT_GRAFANA_ADMIN_USER}': ${changes.join(
      '; ',
    )}`,
  );
  return withToken(target, stored);
}
