import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import { ANNOTATION_TENANT_ID } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { ComponentType, JSX } from 'react';
import { CardTenant, useCardTenant } from '../hooks/useCardTenant';

/**
 * The entity card of a view that works for one tenant or the admin view:
 * `Card` gets the entity's tenant, and entities that are neither show the
 * missing-annotation state.
 */
export function forCardTenant<P extends object>(
  Card: ComponentType<P & { tenant: CardTenant }>,
): (props: P) => JSX.Element {
  return function EntityTenantCard(props: P) {
    const tenant = useCardTenant();
    if (!tenant) {
      return <MissingAnnotationEmptyState annotation={ANNOTATION_TENANT_ID} />;
    }
    return <Card {...props} tenant={tenant} />;
  };
}
