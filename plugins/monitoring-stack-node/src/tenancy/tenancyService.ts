import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readServiceGrants } from './serviceGrants';
import { TenantAuthorizer } from './TenantAuthorizer';
import { TenantDirectory } from './TenantDirectory';

/**
 * The tenancy core of one plugin: which tenants the platform declared and
 * who may do what on them.
 * @public
 */
export interface MonitoringStackTenancy {
  /** The tenants the platform declared. */
  directory: TenantDirectory;
  /** Who may do what on them. */
  authorizer: TenantAuthorizer;
}

/**
 * The one construction site of the tenancy core, with one set of options
 * for every plugin and module that decides on a tenant (the backend plugin,
 * the scaffolder, Kubernetes and permission modules): service
 * principals get the grants of `monitoringStack.gateway.serviceTokens`, and
 * the default policy's owner condition is decided here, once per principal.
 * @public
 */
export const tenancyServiceRef = createServiceRef<MonitoringStackTenancy>({
  id: 'monitoring-stack.tenancy',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
      },
      factory({ config, catalog, auth, logger, permissions }) {
        const directory = new TenantDirectory({ catalog, auth, logger });
        return {
          directory,
          authorizer: new TenantAuthorizer({
            directory,
            permissions,
            serviceGrants: readServiceGrants(config),
            decisions: { evaluateConditionsLocally: true },
          }),
        };
      },
    }),
});
