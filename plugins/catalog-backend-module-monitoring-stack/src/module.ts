import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { monitoringStackTenantSourcesExtensionPoint } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { kubernetesClusterTokens } from './lib/kubernetesClient';
import { readProviderConfig } from './providers/config';
import {
  MonitoringStackEntityProvider,
  TenantSourceAddition,
} from './providers/MonitoringStackEntityProvider';

/**
 * Adds the monitoring-stack entity provider to the catalog, refreshed by the
 * scheduler (one runner across replicas when the backend is scaled out).
 * Other catalog modules add tenant sources through
 * `monitoringStackTenantSourcesExtensionPoint`, which this module registers;
 * the backend initialises them before this module.
 * @public
 */
export const catalogModuleMonitoringStack = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'monitoring-stack',
  register(reg) {
    const additions: TenantSourceAddition[] = [];
    let started = false;
    reg.registerExtensionPoint(monitoringStackTenantSourcesExtensionPoint, {
      addTenantSource(source) {
        if (started) {
          throw new Error(
            'Tenant sources must be added before the monitoring-stack catalog module starts',
          );
        }
        additions.push(source);
      },
    });
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, scheduler }) {
        started = true;
        // Throws on an invalid tenant or setting, which stops the backend at start.
        const providerConfig = readProviderConfig(config);
        for (const cluster of providerConfig.unsupportedClusters) {
          logger.warn(
            `Not reading tenant namespaces of cluster ${cluster}: only the serviceAccount, aws and localKubectlProxy auth providers work without a signed-in user`,
          );
        }
        for (const locator of providerConfig.skippedClusterLocators) {
          logger.warn(
            `Not reading tenant namespaces of the clusters of locator method ${locator}`,
          );
        }
        const provider = new MonitoringStackEntityProvider(
          providerConfig,
          logger,
          kubernetesClusterTokens(config),
          additions,
        );
        const runner = scheduler.createScheduledTaskRunner(
          providerConfig.schedule,
        );
        catalog.addEntityProvider({
          getProviderName: () => provider.getProviderName(),
          async connect(connection) {
            await provider.connect(connection);
            // Scheduled once connected: a short initialDelay never finds
            // the provider without its connection.
            await runner.run({
              id: 'monitoring-stack-entity-provider:refresh',
              fn: async () => {
                await provider.refresh();
              },
            });
          },
        });
      },
    });
  },
});
