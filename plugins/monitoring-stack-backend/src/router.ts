import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { GatewayConfig } from './config';
import { gatewayBodyParsers } from './services/gateway/bodyLimit';
import { createGatewayRouter } from './services/gateway/createGatewayRouter';
import { GatewayAccess } from './services/gateway/GatewayAccess';
import { TenantAccess } from './services/TenantAccess';

export type RouterOptions = {
  httpAuth: HttpAuthService;
  access: TenantAccess;
  gatewayAccess: GatewayAccess;
  gateway: GatewayConfig;
};

/** The plugin's HTTP API; the handlers stay thin and call the services. */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, access, gatewayAccess, gateway } = options;
  const router = Router();
  router.use(...gatewayBodyParsers(gateway.maxRequestBodyBytes));

  router.get('/tenants', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [tenants, admin] = await Promise.all([
      access.visibleTenants(credentials),
      access.isAdmin(credentials),
    ]);
    res.json({ items: tenants, admin });
  });

  router.use(
    createGatewayRouter({
      config: gateway,
      scope: (req, tenantId, opts) => gatewayAccess.scope(req, tenantId, opts),
    }),
  );

  return router;
}
