import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import { ANNOTATION_TENANT_ID } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { useEntityTenant } from '../../hooks/useEntityTenant';
import { TenantAlertsCard, TenantAlertsCardProps } from './TenantAlertsCard';

/**
 * The alerts of the entity's tenant: severity counts and filter, state, age,
 * links, a two-hour silence per alert, and which sources did not answer.
 * @public
 */
export function EntityTenantAlertsCard(props: TenantAlertsCardProps) {
  const { tenant } = useEntityTenant();
  if (!tenant) {
    return <MissingAnnotationEmptyState annotation={ANNOTATION_TENANT_ID} />;
  }
  return <TenantAlertsCard tenant={tenant} {...props} />;
}
