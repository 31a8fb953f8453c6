import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { TenantRef } from '@tenant-monitoring/plugin-monitoring-stack-common';

/** Owner refs may be short (`team-a`); compare them in their full form. */
function fullGroupRef(ref: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/** The tenants the group owns, among those the user may see. */
export function ownedTenants(
  tenants: TenantRef[],
  groupRef: string,
): TenantRef[] {
  const group = fullGroupRef(groupRef);
  return tenants.filter(t => group && fullGroupRef(t.owner) === group);
}
