import { Entity } from '@backstage/catalog-model';
import { isMonitoringStackAdmin } from './isMonitoringStackAdmin';
import { isMonitoringStackTenant } from './isMonitoringStackTenant';

/** True for Group entities, whose monitoring tab shows the groups' tenants. */
export function isGroupEntity(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'group';
}

/**
 * True for the entities that have a monitoring tab
 * (`EntityMonitoringContent`): a tenant's System, the admin stack's System
 * and Groups (the alerts of the tenants they own), for `EntitySwitch` and
 * `EntityLayout.Route` conditions.
 * @public
 */
export function isMonitoringStackAvailable(entity: Entity): boolean {
  return (
    isMonitoringStackTenant(entity) ||
    isMonitoringStackAdmin(entity) ||
    isGroupEntity(entity)
  );
}
