import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { monitoringStackPermissions } from '@internal/plugin-monitoring-stack-common';
import {
  TenantAuthorizer,
  TenantDirectory,
} from '@internal/plugin-monitoring-stack-node';
import { awsClientsServiceRef } from '@internal/plugin-monitoring-stack-node';
import { readGatewayConfig } from './config';
import { migrateDatabase } from './database/migrateDatabase';
import { createRouter } from './router';
import {
  AlertsService,
  readAlertsConfig,
} from './services/alerts/AlertsService';
import { readCloudTrailConfig } from './services/cloudtrail/cloudTrailConfig';
import { cloudTrailFreshness } from './services/cloudtrail/cloudTrailFreshness';
import {
  cloudTrailAdminAlerts,
  scheduleCloudTrailReader,
} from './services/cloudtrail/cloudTrailServices';
import { CloudTrailStore } from './services/cloudtrail/CloudTrailStore';
import {
  readHealthUpstreams,
  StackHealth,
} from './services/health/StackHealth';
import { TenantOverview } from './services/health/TenantOverview';
import { createSnsServices } from './services/sns/createSnsServices';
import { RequestScopes } from './services/RequestScopes';

/**
 * The monitoring-stack backend plugin: the tenant-enforcing gateway and the
 * services behind the entity cards.
 * @public
 */
export const monitoringStackPlugin = createBackendPlugin({
  pluginId: 'monitoring-stack',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        cache: coreServices.cache,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
        awsClients: awsClientsServiceRef,
      },
      async init({
        config,
        httpAuth,
        httpRouter,
        auth,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        database,
        scheduler,
        cache,
        logger,
        awsClients,
      }) {
        // Listed so that policy tools and RBAC show them.
        permissionsRegistry.addPermissions(monitoringStackPermissions);
        const gateway = readGatewayConfig(config);
        const registry = new TenantDirectory({ catalog, auth, logger });
        const access = new TenantAuthorizer({
          directory: registry,
          permissions,
          serviceGrants: gateway.serviceGrants,
        });
        const scopes = new RequestScopes({
          httpAuth,
          authorizer: access,
          auditor,
        });
        const knex = await migrateDatabase(database);
        const sns = await createSnsServices({
          config,
          knex,
          cache,
          auditor,
          logger,
          scheduler,
          registry,
          awsClients,
        });
        // SNS cannot authenticate to Backstage; the receiver verifies each message's signature instead.
        httpRouter.addAuthPolicy({
          path: '/sns/receive',
          allow: 'unauthenticated',
        });
        const cloudTrailConfig = readCloudTrailConfig(config);
        const cloudTrailStore = new CloudTrailStore(knex);
        await scheduleCloudTrailReader({
          config: cloudTrailConfig,
          scheduler,
          store: cloudTrailStore,
          logger,
          awsClients,
        });
        const alerts = new AlertsService(
          readAlertsConfig(config, gateway),
          cache,
          logger,
          cloudTrailAdminAlerts(cloudTrailStore),
        );
        const health = new StackHealth(
          readHealthUpstreams(config),
          cloudTrailFreshness(cloudTrailStore, cloudTrailConfig),
          cache,
        );
        const overview = new TenantOverview(
          access,
          alerts,
          health,
          (tenant, since) =>
            sns.store.countFailedDeliveries(tenant.snsTopicArns, since),
        );
        httpRouter.use(
          await createRouter({
            httpAuth,
            access,
            scopes,
            auditor,
            gateway,
            alerts,
            cloudTrailStore,
            health,
            overview,
            sns,
          }),
        );
      },
    });
  },
});
