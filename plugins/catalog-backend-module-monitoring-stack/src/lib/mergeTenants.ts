import {
  ADMIN_TENANT_ID,
  formatRetention,
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

/**
 * Who holds each namespace name and SNS topic: the first tenant that claimed
 * it. Keyed by the bare names, so that claiming costs no string per claim.
 */
class ClaimHolders {
  private readonly namespaces = new Map<string, string>();
  private readonly topics = new Map<string, string>();

  constructor(adminTopicArns: string[]) {
    for (const arn of adminTopicArns) this.topics.set(arn, ADMIN_TENANT_ID);
  }

  /** The first claim of the tenant that another tenant holds, in words. */
  taken(
    tenantId: string,
    namespaces: string[],
    topics: string[],
  ): string | undefined {
    for (const n of namespaces) {
      const holder = this.namespaces.get(n);
      if (holder !== undefined && holder !== tenantId) {
        return `namespace '${n}', which belongs to tenant '${holder}'`;
      }
    }
    for (const t of topics) {
      const holder = this.topics.get(t);
      if (holder !== undefined && holder !== tenantId) {
        return `SNS topic ${t}, which belongs to tenant '${holder}'`;
      }
    }
    return undefined;
  }

  claim(tenantId: string, namespaces: string[], topics: string[]) {
    for (const n of namespaces) this.namespaces.set(n, tenantId);
    for (const t of topics) this.topics.set(t, tenantId);
  }
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
  const holders = new ClaimHolders(adminTopicArns);
  const refused: SkippedTenant[] = [];
  for (const entry of declared) {
    const { tenant } = entry;
    const namespaces = tenantNamespaceNames(tenant);
    const taken = holders.taken(tenant.id, namespaces, tenant.snsTopicArns);
    if (taken) {
      refused.push({
        what: describeDeclared(entry),
        reason: `it claims ${taken}`,
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
    holders.claim(tenant.id, namespaces, tenant.snsTopicArns);
    if (!existing) {
      byId.set(tenant.id, entry);
      continue;
    }
    // A new entry: the declarations passed in stay as they were.
    byId.set(tenant.id, {
      origin: existing.origin,
      tenant: {
        ...existing.tenant,
        namespaces: mergeNamespaces(
          existing.tenant.namespaces,
          tenant.namespaces,
        ),
      },
    });
  }
  return {
    tenants: [...byId.values()].sort((a, b) =>
      a.tenant.id.localeCompare(b.tenant.id),
    ),
    refused,
  };
}
