import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { TenantAuthorizer } from '@internal/plugin-monitoring-stack-node';
import express from 'express';
import Router from 'express-promise-router';
import { GatewayConfig } from './config';
import { gatewayBodyParsers } from './services/gateway/bodyLimit';
import { createGatewayRouter } from './services/gateway/createGatewayRouter';
import { createSnsRouter } from './services/sns/createSnsRouter';
import { SnsServices } from './services/sns/createSnsServices';
import { RequestScopes } from './services/RequestScopes';
import { AlertsService } from './services/alerts/AlertsService';
import { createAlertsRouter } from './services/alerts/alertsRouter';
import { createCloudTrailRouter } from './services/cloudtrail/cloudTrailRouter';
import { CloudTrailStore } from './services/cloudtrail/CloudTrailStore';
import { createHealthRouter } from './services/health/healthRouter';
import { StackHealth } from './services/health/StackHealth';
import { TenantOverview } from './services/health/TenantOverview';

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
};

/** The plugin's HTTP API; the handlers stay thin and call the services. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    access,
    scopes,
    auditor,
    gateway,
    alerts,
    cloudTrailStore,
    health,
    overview,
  } = options;
  const router = Router();
  // Before the shared body parsers: SNS posts JSON as text/plain, so the SNS routes read their own bodies.
  router.use(createSnsRouter({ httpAuth, scopes, sns: options.sns }));
  router.use(...gatewayBodyParsers(gateway.maxRequestBodyBytes));

  router.get('/tenants', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [tenants, admin] = await Promise.all([
      access.visibleTenants(credentials),
      access.isAdmin(credentials),
    ]);
    res.json({ items: tenants, admin });
  });

  router.use(createAlertsRouter({ scopes, alerts }));
  router.use(
    createCloudTrailRouter({ httpAuth, access, store: cloudTrailStore }),
  );
  router.use(createHealthRouter({ httpAuth, scopes, health, overview }));

  router.use(
    createGatewayRouter({
      config: gateway,
      scope: (req, tenantId, right) =>
        scopes.scope(req, tenantId, { right, allowServices: true }),
      auditor,
    }),
  );

  return router;
}
