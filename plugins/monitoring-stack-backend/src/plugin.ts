import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  monitoringStackPermissions,
  readMonitoringStackSettings,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  awsClientsServiceRef,
  MonitoringStackAlertSource,
  monitoringStackAlertSourcesExtensionPoint,
  resolveSources,
  SourcesFactory,
  tenancyServiceRef,
  tenantGrafanaCredentialsServiceRef,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { registerMonitoringStackActions } from './actions/monitoringStackActions';
import { AlertsService } from './alerts/AlertsService';
import { builtInAlertSources } from './alerts/sources/builtInAlertSources';
import { readCloudTrailConfig } from './cloudtrail/cloudTrailConfig';
import { cloudTrailFreshness } from './cloudtrail/cloudTrailFreshness';
import { scheduleCloudTrailReader } from './cloudtrail/cloudTrailServices';
import { CloudTrailStore } from './cloudtrail/CloudTrailStore';
import { migrateDatabase } from './database/migrateDatabase';
import { readGatewayConfig } from './gateway/gatewayConfig';
import { registerLogsTailRoutes } from './gateway/logsTailRoutes';
import { healthUpstreams, StackHealth } from './health/StackHealth';
import { TenantOverview } from './health/TenantOverview';
import { createRouter } from './router';
import { createSnsServices } from './sns/createSnsServices';
import { readSnsConfig } from './sns/snsConfig';
import { RequestScopes } from './tenancy/RequestScopes';
import { TENANT_ROUTES_PATH } from './tenancy/tenantRoutesBarrier';
import { TenantTokenAuth } from './tokens/TenantTokenAuth';
import { tenantTokenAuditor } from './tokens/tenantTokenAuditor';
import { TenantTokenManager } from './tokens/TenantTokenManager';
import { TenantTokenStore } from './tokens/TenantTokenStore';
import { TenantTokenVerifier } from './tokens/TenantTokenVerifier';

/**
 * The monitoring-stack backend plugin: the tenant-enforcing gateway and the
 * services behind the entity cards. Modules add alert sources through
 * `monitoringStackAlertSourcesExtensionPoint`.
 * @public
 */
export const monitoringStackPlugin = createBackendPlugin({
  pluginId: 'monitoring-stack',
  register(env) {
    const alertSourceAdditions: Array<
      MonitoringStackAlertSource | SourcesFactory<MonitoringStackAlertSource>
    > = [];
    env.registerExtensionPoint(monitoringStackAlertSourcesExtensionPoint, {
      addAlertSource(source) {
        alertSourceAdditions.push(source);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        tenancy: tenancyServiceRef,
        permissionsRegistry: coreServices.permissionsRegistry,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        cache: coreServices.cache,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
        awsClients: awsClientsServiceRef,
        grafanaCredentials: tenantGrafanaCredentialsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        events: eventsServiceRef,
      },
      async init({
        config,
        httpAuth,
        httpRouter,
        lifecycle,
        tenancy,
        permissionsRegistry,
        auditor: backstageAuditor,
        database,
        scheduler,
        cache,
        logger,
        awsClients,
        grafanaCredentials,
        actionsRegistry,
        events,
      }) {
        // Listed so that policy tools and RBAC show them.
        permissionsRegistry.addPermissions(monitoringStackPermissions);
        const settings = readMonitoringStackSettings(config);
        const gateway = readGatewayConfig(config, settings);
        const { directory: registry, authorizer: access } = tenancy;
        const knex = await migrateDatabase(database);
        // Tenant access tokens made in the portal, beside Backstage's tokens.
        const tokenStore = new TenantTokenStore(knex);
        const tokenVerifier = new TenantTokenVerifier(tokenStore, { logger });
        const tokens = new TenantTokenAuth(tokenVerifier);
        const auditor = tenantTokenAuditor(backstageAuditor);
        // Backstage's credentials barrier refuses a tenant token before any
        // route sees it: the tenant routes are opened there, and the router's
        // own barrier (createTenantRoutesBarrier) takes its place, refusing
        // with 401 whatever has neither a valid tenant token nor the user or
        // service credentials Backstage's would ask for (the user cookie on
        // the live tail's HTTP route, which the opened path covers).
        httpRouter.addAuthPolicy({
          path: TENANT_ROUTES_PATH,
          allow: 'unauthenticated',
        });
        const scopes = new RequestScopes({
          httpAuth,
          authorizer: access,
          auditor,
          tokens,
        });
        const tokenManager = new TenantTokenManager({
          store: tokenStore,
          verifier: tokenVerifier,
          authorizer: access,
          auditor,
        });
        const sns = await createSnsServices({
          config: readSnsConfig(config, settings),
          knex,
          cache,
          auditor,
          logger,
          scheduler,
          registry,
          awsClients,
          events,
        });
        // SNS cannot authenticate to Backstage; the receiver verifies each message's signature instead.
        if (sns.config.delivery.https) {
          httpRouter.addAuthPolicy({
            path: '/sns/receive',
            allow: 'unauthenticated',
          });
        }
        // The backend passes no upgrade to Express: the tail is a WebSocket route.
        registerLogsTailRoutes({
          httpRouter,
          lifecycle,
          logger,
          directory: registry,
          gateway,
          scopes,
        });
        const cloudTrailConfig = readCloudTrailConfig(config, settings);
        const cloudTrailStore = new CloudTrailStore(knex);
        await scheduleCloudTrailReader({
          config: cloudTrailConfig,
          scheduler,
          store: cloudTrailStore,
          logger,
          awsClients,
        });
        const alerts = new AlertsService(
          await resolveSources(
            builtInAlertSources({
              settings,
              rulesCacheMs: gateway.rulesCacheMs,
              cloudTrail: {
                store: cloudTrailStore,
                enabled: cloudTrailConfig.enabled,
              },
            }),
            alertSourceAdditions,
          ),
          cache,
          logger,
        );
        const health = new StackHealth(
          healthUpstreams(settings),
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
        // Actions for MCP clients, enforced like the gateway.
        registerMonitoringStackActions({
          actionsRegistry,
          authorizer: access,
          alerts,
          gateway,
          auditor,
          tokens: tokenManager,
        });
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
            settings,
            grafanaCredentials,
            tokens,
            tokenManager,
          }),
        );
      },
    });
  },
});
