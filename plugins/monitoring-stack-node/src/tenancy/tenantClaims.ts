import { TenantRef } from '@internal/plugin-monitoring-stack-common';

/** A tenant entity that was not taken, and why. */
export type RefusedTenant = { entityRef: string; reason: string };

/** What a tenant claims: its id, its namespaces and its SNS topics. */
function claimsOf(tenant: TenantRef): string[] {
  return [
    `tenant id '${tenant.id}'`,
    ...tenant.namespaces.map(n => `namespace '${n}'`),
    ...tenant.snsTopicArns.map(t => `SNS topic ${t}`),
  ];
}

/**
 * Takes the tenants whose claims are their own. A tenant that claims an id,
 * a namespace or an SNS topic another tenant holds is refused whole: the
 * holder is the tenant that had it in `previous` (so a newcomer never
 * replaces an earlier tenant), else the first by entity ref (so the outcome
 * does not depend on the catalog's ordering).
 */
export function resolveTenantClaims(
  candidates: TenantRef[],
  previous: ReadonlyMap<string, TenantRef> = new Map(),
): { tenants: Map<string, TenantRef>; refused: RefusedTenant[] } {
  const wasHolder = (t: TenantRef) =>
    previous.get(t.id)?.entityRef === t.entityRef;
  const ordered = [...candidates].sort((a, b) => {
    const held = Number(wasHolder(b)) - Number(wasHolder(a));
    return held || a.entityRef.localeCompare(b.entityRef);
  });
  const holders = new Map<string, string>();
  const tenants = new Map<string, TenantRef>();
  const refused: RefusedTenant[] = [];
  for (const tenant of ordered) {
    const claims = claimsOf(tenant);
    const taken = claims.find(c => holders.has(c));
    if (taken) {
      refused.push({
        entityRef: tenant.entityRef,
        reason: `${taken} belongs to ${holders.get(taken)} already`,
      });
      continue;
    }
    for (const c of claims) holders.set(c, tenant.entityRef);
    tenants.set(tenant.id, tenant);
  }
  return { tenants, refused };
}
