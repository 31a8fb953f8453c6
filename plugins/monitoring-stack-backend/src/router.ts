import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { MonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  TenantAuthorizer,
  TenantGrafanaCredentialsService,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import express from 'express';
import Router from 'express-promise-router';
import { AlertsService } from './alerts/AlertsService';
import { createAlertsRouter } from './alerts/alertsRouter';
import { createDashboardsRouter } from './dashboards/dashboardsRouter';
import { createGrafanaReadsRouter } from './dashboards/grafanaReadsRouter';
import { createCloudTrailRouter } from './cloudtrail/cloudTrailRouter';
import { CloudTrailStore } from './cloudtrail/CloudTrailStore';
import { gatewayBodyParsers } from './gateway/bodyLimit';
import { createGatewayRouter } from './gateway/createGatewayRouter';
import { GatewayConfig } from './gateway/gatewayConfig';
import { createHealthRouter } from './health/healthRouter';
import { StackHealth } from './health/StackHealth';
import { TenantOverview } from './health/TenantOverview';
import { createSnsRouter } from './sns/createSnsRouter';
import { SnsServices } from './sns/createSnsServices';
import { createLokiRulesRouter } from './rules/lokiRulesRouter';
import { createCommunityPrometheusRoute } from './tenancy/communityPrometheusRoute';
import { RequestScopes } from './tenancy/RequestScopes';
import { createTenantRoutesBarrier } from './tenancy/tenantRoutesBarrier';
import { createTenantSetupRouter } from './tenancy/tenantSetupRouter';
import { createTenantsRouter } from './tenancy/tenantsRouter';
import { TenantTokenAuth } from './tokens/TenantTokenAuth';
import { TenantTokenManager } from './tokens/TenantTokenManager';
import { createTokensRouter } from './tokens/tokensRouter';

export type RouterOptions = {
  httpAuth: HttpAuthService;
  access: TenantAuthorizer;
  scopes: RequestScopes;
  auditor: AuditorService;
  gateway: GatewayConfig;
  alerts: AlertsService;
  cloudTrailStore: CloudTrailStore;
  health: StackHealth;
  overview: TenantOverview;
  sns: SnsServices;
  settings: MonitoringStackSettings;
  grafanaCredentials: TenantGrafanaCredentialsService;
  tokens: TenantTokenAuth;
  tokenManager: TenantTokenManager;
};

/** The plugin's HTTP API: the routers of each capability, in the order they must see requests. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, access, scopes, auditor, gateway } = options;
  const router = Router();
  // Before everything: Roadie's Prometheus plugin's requests become the metrics gateway's of their tenant.
  router.use(createCommunityPrometheusRoute());
  // Then: nothing under /tenants is served without credentials.
  router.use(createTenantRoutesBarrier({ httpAuth, tokens: options.tokens }));
  // Before the shared body parsers: SNS posts JSON as text/plain, so the SNS routes read their own bodies.
  router.use(createSnsRouter({ httpAuth, scopes, sns: options.sns }));
  router.use(...gatewayBodyParsers(gateway.maxRequestBodyBytes));
  router.use(createTenantsRouter({ httpAuth, access }));
  router.use(
    createTokensRouter({
      httpAuth,
      tokens: options.tokens,
      manager: options.tokenManager,
    }),
  );
  router.use(createAlertsRouter({ scopes, alerts: options.alerts }));
  router.use(
    createLokiRulesRouter({ scopes, settings: options.settings, auditor }),
  );
  const { grafanaCredentials } = options;
  router.use(createDashboardsRouter({ scopes, grafanaCredentials }));
  router.use(createGrafanaReadsRouter({ scopes, grafanaCredentials }));
  router.use(
    createTenantSetupRouter({
      scopes,
      settings: options.settings,
      grafanaCredentials,
    }),
  );
  router.use(
    createCloudTrailRouter({
      httpAuth,
      access,
      store: options.cloudTrailStore,
    }),
  );
  router.use(
    createHealthRouter({
      httpAuth,
      scopes,
      health: options.health,
      overview: options.overview,
    }),
  );
  router.use(
    createGatewayRouter({
      config: gateway,
      scope: (req, tenantId, right, limits) =>
        scopes.scope(req, tenantId, { right, allowServices: true, ...limits }),
      auditor,
    }),
  );
  return router;
}
