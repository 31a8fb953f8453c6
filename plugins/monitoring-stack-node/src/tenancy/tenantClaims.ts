import { TenantRef } from '@tenant-monitoring/plugin-monitoring-stack-common';

/** A tenant entity that was not taken, and why. @public */
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
 * Takes the tenants whose claims are their own. A tenant that held its
 * claims in `previous` keeps them, and a newcomer claiming an id, a
 * namespace or an SNS topic that is held is refused whole: a newcomer never
 * replaces an earlier tenant. Newcomers that claim the same thing as each
 * other are all refused, since neither can be told to be the real one.
 * @public
 */
export function resolveTenantClaims(
  candidates: TenantRef[],
  previous: ReadonlyMap<string, TenantRef> = new Map(),
): { tenants: Map<string, TenantRef>; refused: RefusedTenant[] } {
  const byRef = (a: TenantRef, b: TenantRef) =>
    a.entityRef.localeCompare(b.entityRef);
  const wasHolder = (t: TenantRef) =>
    previous.get(t.id)?.entityRef === t.entityRef;
  const holders = candidates.filter(wasHolder).sort(byRef);
  const newcomers = candidates.filter(t => !wasHolder(t)).sort(byRef);

  const claimants = new Map<string, string[]>();
  for (const t of newcomers) {
    for (const c of claimsOf(t)) {
      claimants.set(c, [...(claimants.get(c) ?? []), t.entityRef]);
    }
  }
  const held = new Map<string, string>();
  const tenants = new Map<string, TenantRef>();
  const refused: RefusedTenant[] = [];
  const take = (t: TenantRef, newcomer: boolean) => {
    const claims = claimsOf(t);
    const taken = claims.find(c => held.has(c));
    if (taken) {
      refused.push({
        entityRef: t.entityRef,
        reason: `${taken} belongs to ${held.get(taken)} already`,
      });
      return;
    }
    const contested = newcomer
      ? claims.find(c => claimants.get(c)!.length > 1)
      : undefined;
    if (contested) {
      refused.push({
        entityRef: t.entityRef,
        reason: `${contested} is claimed by ${claimants
          .get(contested)!
          .join(' and ')}`,
      });
      return;
    }
    for (const c of claims) held.set(c, t.entityRef);
    tenants.set(t.id, t);
  };
  holders.forEach(t => take(t, false));
  newcomers.forEach(t => take(t, true));
  return { tenants, refused };
}
