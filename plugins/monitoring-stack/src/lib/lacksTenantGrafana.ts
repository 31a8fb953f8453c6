import { Entity } from '@backstage/catalog-model';
import { tenantRefFromEntity } from '@tenant-monitoring/plugin-monitoring-stack-common';

/**
 * True for a tenant's entity whose tenant has no Grafana URL: a Grafana tab
 * there could show nothing, so an `EntityLayout.Route` condition leaves it
 * out (`!lacksTenantGrafana(entity)`). False for every other entity.
 * @public
 */
export function lacksTenantGrafana(entity: Entity): boolean {
  const tenant = tenantRefFromEntity(entity);
  return tenant !== undefined && !tenant.grafanaUrl;
}
