import { Entity } from '@backstage/catalog-model';
import { tenantRefFromEntity } from '@tenant-monitoring/plugin-monitoring-stack-common';

/**
 * True for the entities of a tenant's monitoring stack, for `EntitySwitch`
 * and `EntityLayout.Route` conditions.
 * @public
 */
export function isMonitoringStackTenant(entity: Entity): boolean {
  return tenantRefFromEntity(entity) !== undefined;
}
