import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { kubernetesObjectsProviderExtensionPoint } from '@backstage/plugin-kubernetes-node';
import {
  TenantAuthorizer,
  TenantDirectory,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { TenantWorkloadsProvider } from './TenantWorkloadsProvider';

/**
 * The Kubernetes tab of a tenant's monitoring stack lists the workloads of
 * all the tenant's namespaces, to those who may read the tenant.
 * @public
 */
export const kubernetesModuleMonitoringStack = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'monitoring-stack',
  register(reg) {
    reg.registerInit({
      deps: {
        objectsProviders: kubernetesObjectsProviderExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
      },
      async init({ objectsProviders, catalog, auth, logger, permissions }) {
        const directory = new TenantDirectory({ catalog, auth, logger });
        const authorizer = new TenantAuthorizer({
          directory,
          permissions,
          decisions: { evaluateConditionsLocally: true },
        });
        objectsProviders.addObjectsProvider(
          async ({ getDefault }) =>
            new TenantWorkloadsProvider({
              fallback: await getDefault(),
              directory,
              authorizer,
            }),
        );
      },
    });
  },
});
