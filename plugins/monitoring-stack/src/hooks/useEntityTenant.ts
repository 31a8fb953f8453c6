import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_TENANT_ID,
  TenantRef,
  tenantRefFromEntity,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { useMemo } from 'react';
import { isMonitoringStackAdmin } from '../lib/isMonitoringStackAdmin';

/** The monitoring-stack tenant of the current entity, as the cards need it. */
type EntityTenant = {
  /**
   * The entity's tenant; undefined for the admin stack (`*`) and for
   * entities the catalog module did not emit or whose tenant id is invalid.
   */
  tenant?: TenantRef;
  /** True for the admin stack's entities: the admin view, tenant `*`. */
  admin: boolean;
  /** True when the entity carries the tenant annotation at all. */
  annotated: boolean;
};

/**
 * The tenant of the entity of the page (`useEntity`), read from the
 * annotations the catalog module writes. Cards show
 * `MissingAnnotationEmptyState` for `ANNOTATION_TENANT_ID` when there is no
 * tenant they can show.
 */
export function useEntityTenant(): EntityTenant {
  const { entity } = useEntity();
  return useMemo(
    () => ({
      tenant: tenantRefFromEntity(entity),
      admin: isMonitoringStackAdmin(entity),
      annotated: Boolean(entity.metadata.annotations?.[ANNOTATION_TENANT_ID]),
    }),
    [entity],
  );
}
