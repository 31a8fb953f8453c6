import { Entity } from '@backstage/catalog-model';
import { tenantRefFromEntity } from '@internal/plugin-monitoring-stack-common';

/**
 * True for the entities of a tenant's monitoring stack, for `EntitySwitch`
 * and `EntityLayout.Route` conditions.
 * @public
 */
export function isMonitoringStackTenant(entity: Entity): boolean {
  return tenantRefFromEntity(entity) !== undefined;
}
