import {
  ADMIN_TENANT_ID,
  formatRetention,
  Tenant,
  tenantNamespaceList,
  tenantNamespaceNames,
  TenantRetention,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  DeclaredTenant,
  SkippedTenant,
} from '@tenant-monitoring/plugin-monitoring-stack-node';

function mergeNamespaces(
  a: Record<string, string[]>,
  b: Record<string, string[]>,
): Record<string, string[]> {
  const out: Record<string, string[]> = { ...a };
  for (const [cluster, names] of Object.entries(b)) {
    out[cluster] = [...new Set([...(out[cluster] ?? []), ...names])].sort();
  }
  return out;
}

/** A declared tenant as the provider names it when it refuses it. */
export function describeDeclared({ tenant, origin }: DeclaredTenant): string {
  // Added sources' tenants are named before they are validated.
  const namespaces = tenantNamespaceList({
    ...tenant,
    namespaces: tenant.namespaces ?? {},
  });
  return `tenant '${tenant.id}' of ${origin}${
    namespaces.length > 0 ? ` (${namespaces.join(', ')})` : ''
  }`;
}

function claimsOf(tenant: Tenant): string[] {
  return [
    ...tenantNamespaceNames(tenant).map(n => `namespace '${n}'`),
    ...tenant.snsTopicArns.map(t => `SNS topic ${t}`),
  ];
}

/** The fields of `wanted` that keep data longer than `kept` does. */
function longerFields(
  wanted: TenantRetention,
  kept: TenantRetention,
): (keyof TenantRetention)[] {
  const fields: (keyof TenantRetention)[] = [
    'rawDays',
    'glacierAfterDays',
    'expireAfterDays',
    'logsDays',
  ];
  return fields.filter(field => wanted[field] > kept[field]);
}

/**
 * Joins the tenants of every source, in the order of the sources. Earlier
 * holders keep their claims: a later tenant that claims a namespace name or
 * an SNS topic another tenant holds already is refused, whole (the gateway
 * scopes by namespace name on every cluster, so whoever labels a namespace
 * `team-b` must not read team-b), and so is one that claims a topic of the
 * admin stack. A later tenant with an id already taken adds its namespaces;
 * every other attribute, and the origin, stay the earlier one's. Retention
 * too, but never silently shorter than asked: a later declaration that asks
 * to keep anything longer than the earlier one's retention is refused, whole,
 * with the reason (its namespaces would otherwise have their data deleted
 * before the time their annotation promises).
 */
export function mergeTenants(
  declared: DeclaredTenant[],
  adminTopicArns: string[] = [],
): { tenants: DeclaredTenant[]; refused: SkippedTenant[] } {
  const byId = new Map<string, DeclaredTenant>();
  const holders = new Map<string, string>(
    adminTopicArns.map(t => [`SNS topic ${t}`, ADMIN_TENANT_ID]),
  );
  const refused: SkippedTenant[] = [];
  for (const entry of declared) {
    const { tenant } = entry;
    const claims = claimsOf(tenant);
    const taken = claims.find(c => (holders.get(c) ?? tenant.id) !== tenant.id);
    if (taken) {
      refused.push({
        what: describeDeclared(entry),
        reason: `it claims ${taken}, which belongs to tenant '${holders.get(
          taken,
        )}'`,
      });
      continue;
    }
    const existing = byId.get(tenant.id);
    const longer = existing
      ? longerFields(tenant.retention, existing.tenant.retention)
      : [];
    if (existing && longer.length > 0) {
      refused.push({
        what: describeDeclared(entry),
        reason: `it asks for retention ${formatRetention(
          tenant.retention,
        )}, longer (${longer.join(', ')}) than the ${formatRetention(
          existing.tenant.retention,
        )} tenant '${tenant.id}' has from ${
          existing.origin
        }; the first declaration of a tenant decides its retention`,
      });
      continue;
    }
    for (const claim of claims) holders.set(claim, tenant.id);
    if (!existing) {
      byId.set(tenant.id, { ...entry });
      continue;
    }
    existing.tenant = {
      ...existing.tenant,
      namespaces: mergeNamespaces(
        existing.tenant.namespaces,
        tenant.namespaces,
      ),
    };
  }
  return {
    tenants: [...byId.values()].sort((a, b) =>
      a.tenant.id.localeCompare(b.tenant.id),
    ),
    refused,
  };
}
