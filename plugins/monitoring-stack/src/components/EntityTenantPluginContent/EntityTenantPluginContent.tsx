import {
  TenantPart,
  TenantSetupResponse,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { ReactNode } from 'react';
import { useEntityTenant } from '../../hooks/useEntityTenant';
import { useTenantSetup } from '../../hooks/useTenantSetup';
import { AsyncContent } from '../AsyncContent';
import { NotConfiguredNotice } from '../NotConfiguredNotice';

/** Props of {@link EntityTenantPluginContent}. @public */
export type EntityTenantPluginContentProps = {
  /** The parts of the tenant's stack the content reads; none by default. */
  needs?: TenantPart[];
  /** Another plugin's content: its tab or cards. */
  children: ReactNode;
};

/** The first part of `needs` the tenant has not configured. */
function firstMissing(setup: TenantSetupResponse, needs: TenantPart[]) {
  for (const need of needs) {
    const part = setup.parts[need];
    if (!part.configured) return part;
  }
  return undefined;
}

/**
 * Another plugin's content on a tenant's System (the Kubernetes, Grafana or
 * Prometheus tab), shown only when it can show something: to a user who may
 * read the tenant, once the parts it `needs` are configured. Otherwise the
 * calm states of the cards: that the user may not see the tenant's data, or
 * which setting sets the missing part up. Other entities show the content
 * as it is.
 * @public
 */
export function EntityTenantPluginContent(
  props: EntityTenantPluginContentProps,
) {
  const { tenant } = useEntityTenant();
  if (!tenant) return <>{props.children}</>;
  return (
    <TenantPluginContent tenantId={tenant.id} needs={props.needs ?? []}>
      {props.children}
    </TenantPluginContent>
  );
}

function TenantPluginContent(props: {
  tenantId: string;
  needs: TenantPart[];
  children: ReactNode;
}) {
  const setup = useTenantSetup(props.tenantId);
  return (
    <AsyncContent value={setup.value} error={setup.error}>
      {value => {
        const missing = firstMissing(value, props.needs);
        return missing ? (
          <NotConfiguredNotice part={missing} />
        ) : (
          <>{props.children}</>
        );
      }}
    </AsyncContent>
  );
}
