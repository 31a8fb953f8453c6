import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ADMIN_TENANT_ID,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { useEntityTenant } from './useEntityTenant';

/** The tenant a card reads: one tenant, or the admin view `*`. */
export type CardTenant = {
  /** The id the gateway routes take: the tenant's, or `*`. */
  tenantId: string;
  /** The tenant; undefined in the admin view. */
  tenant?: TenantRef;
  admin: boolean;
  /** The entity the permissions are asked for (the tenant's System). */
  entityRef: string;
  /** What the card's subheader says. */
  title: string;
};

/**
 * The tenant of the entity on screen for the cards that also work in the
 * admin view (`*`); undefined for entities that are neither.
 */
export function useCardTenant(): CardTenant | undefined {
  const { entity } = useEntity();
  const { tenant, admin } = useEntityTenant();
  const entityRef = stringifyEntityRef(entity);
  if (tenant) {
    return {
      tenantId: tenant.id,
      tenant,
      admin: false,
      entityRef: tenant.entityRef || entityRef,
      title: `Tenant ${tenant.title}`,
    };
  }
  if (admin) {
    return {
      tenantId: ADMIN_TENANT_ID,
      admin: true,
      entityRef,
      title: 'Every tenant (admin view)',
    };
  }
  return undefined;
}
