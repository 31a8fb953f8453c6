import { createHash } from 'node:crypto';

/** Grafana uids allow at most 40 characters of `a-z A-Z 0-9 - _`. */
const UID_MAX = 40;
const PLAIN_UID = /^[a-z0-9-]+$/;

/**
 * A deterministic Grafana uid for one of a tenant's objects. Lower-case ids
 * that fit are used as they are; any other id is shortened and suffixed with
 * a hash, so two tenant ids never share a uid.
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

/** Names and uids of a tenant's Grafana objects, derived from its id. @public */
export function tenantGrafanaNames(tenantId: string) {
  return {
    folderUid: tenantGrafanaUid('folder', tenantId),
    folderTitle: `Tenant ${tenantId}`,
  };
}
