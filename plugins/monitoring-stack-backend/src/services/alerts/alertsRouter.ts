import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { TenantAccess } from '../TenantAccess';
import { AlertsService } from './AlertsService';

/** `GET /tenants/:tenant/alerts`: the tenant's alerts over every source; `*` for admins. */
export function createAlertsRouter(options: {
  httpAuth: HttpAuthService;
  access: TenantAccess;
  alerts: AlertsService;
}): express.Router {
  const { httpAuth, access, alerts } = options;
  const router = Router();
  router.get('/tenants/:tenant/alerts', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const scope = await access.scope(req.params.tenant, credentials);
    res.json(await alerts.alerts(scope));
  });
  return router;
}
