import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { kubernetesClusterTokens } from './lib/kubernetesClient';
import { readProviderConfig } from './providers/config';
import { MonitoringStackEntityProvider } from './providers/MonitoringStackEntityProvider';

/**
 * Adds the monitoring-stack entity provider to the catalog, refreshed by the
 * scheduler (one runner across replicas when the backend is scaled out).
 * @public
 */
export const catalogModuleMonitoringStack = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'monitoring-stack',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, scheduler }) {
        // Throws on an invalid tenant, which stops the backend at start.
        const providerConfig = readProviderConfig(config);
        for (const cluster of providerConfig.unsupportedClusters) {
          logger.warn(
            `Not reading tenant namespaces of cluster ${cluster}: only the serviceAccount and aws auth providers work without a signed-in user`,
          );
        }
        const provider = new MonitoringStackEntityProvider(
          providerConfig,
          logger,
          kubernetesClusterTokens(config),
        );
        catalog.addEntityProvider(provider);
        await scheduler.scheduleTask({
          id: 'monitoring-stack-entity-provider:refresh',
          ...providerConfig.schedule,
          fn: async () => {
            await provider.refresh();
          },
        });
      },
    });
  },
});
