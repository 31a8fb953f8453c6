import { Entity } from '@backstage/catalog-model';
import {
  ADMIN_TENANT_ID,
  ANNOTATION_TENANT_ID,
  isProviderEntity,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/**
 * True for the entities of the admin stack (tenant id `*`), which
 * `isMonitoringStackTenant` leaves out, for `EntitySwitch` and
 * `EntityLayout.Route` conditions.
 * @public
 */
export function isMonitoringStackAdmin(entity: Entity): boolean {
  return (
    isProviderEntity(entity) &&
    entity.metadata.annotations?.[ANNOTATION_TENANT_ID] === ADMIN_TENANT_ID
  );
}
