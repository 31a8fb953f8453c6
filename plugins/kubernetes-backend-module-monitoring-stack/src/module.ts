import { createBackendModule } from '@backstage/backend-plugin-api';
import { kubernetesObjectsProviderExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { tenancyServiceRef } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { TenantWorkloadsProvider } from './TenantWorkloadsProvider';

/**
 * Keeps what the Kubernetes plugin answers to the tenants a caller may read,
 * for every entity, and shows on a tenant's System the workloads of all the
 * tenant's namespaces (see {@link TenantWorkloadsProvider}).
 * @public
 */
export const kubernetesModuleMonitoringStack = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'monitoring-stack',
  register(reg) {
    reg.registerInit({
      deps: {
        objectsProviders: kubernetesObjectsProviderExtensionPoint,
        tenancy: tenancyServiceRef,
      },
      async init({ objectsProviders, tenancy }) {
        objectsProviders.addObjectsProvider(
          async ({ getDefault }) =>
            new TenantWorkloadsProvider({
              fallback: await getDefault(),
              ...tenancy,
            }),
        );
      },
    });
  },
});
