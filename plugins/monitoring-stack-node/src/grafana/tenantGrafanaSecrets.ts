import { createHash } from 'node:crypto';

/** Grafana uids allow at most 40 characters of `a-z A-Z 0-9 - _`. */
const UID_MAX = 40;
const PLAIN_UID = /^[a-z0-9-]+$/;

/**
 * A deterministic name for one of a tenant's objects, usable as a Grafana
 * uid and as a Kubernetes name (`a-z 0-9 -`). Lower-case ids that fit are
 * used as they are; any other id is shortened and suffixed with a hash, so
 * two tenant ids never share a name.
 * @public
 */
export function tenantGrafanaUid(kind: string, tenantId: string): string {
  const plain = `${kind}-${tenantId}`;
  if (plain.length <= UID_MAX && PLAIN_UID.test(plain)) {
    return plain;
  }
  const hash = createHash('sha256').update(tenantId).digest('hex').slice(0, 8);
  const base = tenantId
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, UID_MAX - kind.length - hash.length - 2)
    .replace(/-+$/, '');
  return [kind, base, hash].filter(Boolean).join('-');
}

/**
 * The name of a tenant's own Grafana (`grafana-<tenant>`): its Kubernetes
 * objects, its subject at the gateway and the folder of its secrets.
 * @public
 */
export function tenantGrafanaName(tenantId: string): string {
  return tenantGrafanaUid('grafana', tenantId);
}

/** Where the tenants' Grafana secrets live in AWS Secrets Manager. @public */
export const TENANT_GRAFANA_SECRET_PREFIX = 'monitoring-stack/tenants/';

/**
 * The secrets a tenant's Grafana reads, through its own SecretStore and IAM
 * role, which may read these three and nothing else.
 * @public
 */
export const TENANT_GRAFANA_SECRET_KEYS = {
  /** The token its data sources send to the gateway; the platform writes it. */
  gatewayToken: 'gateway-token',
  /** Grafana's admin password; the tenant's secrets stack generates it. */
  adminPassword: 'admin-password',
  /** The OAuth client secret of its identity-provider client; the platform writes it. */
  oauthClientSecret: 'oauth-client-secret',
} as const;

/**
 * The portal's own secret of a tenant's Grafana, which the Grafana never
 * reads: the token of its `backstage` service account, which
 * `grafana:provision` creates with the admin password and stores.
 * @public
 */
export const TENANT_GRAFANA_SERVICE_ACCOUNT_TOKEN_KEY = 'service-account-token';

/** The admin user of a tenant's Grafana (`GF_SECURITY_ADMIN_USER`). @public */
export const TENANT_GRAFANA_ADMIN_USER = 'admin';

/**
 * The Secrets Manager name of one of a tenant Grafana's secrets:
 * `monitoring-stack/tenants/grafana-<tenant>/<key>`. The renderer names the
 * secrets it creates and reads with it, and the portal the ones it reads and
 * writes, so both agree.
 * @public
 */
export function tenantGrafanaSecretName(tenantId: string, key: string): string {
  // Grafana names are `a-z 0-9 -`, so the `/` keeps one tenant's names from
  // being a prefix of another's.
  return `${TENANT_GRAFANA_SECRET_PREFIX}${tenantGrafanaName(tenantId)}/${key}`;
}
