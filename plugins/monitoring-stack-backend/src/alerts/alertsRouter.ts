import express from 'express';
import Router from 'express-promise-router';
import { RequestScopes } from '../tenancy/RequestScopes';
import { AlertsService } from './AlertsService';

/** `GET /tenants/:tenant/alerts`: the tenant's alerts over every source; `*` for admins. */
export function createAlertsRouter(options: {
  scopes: RequestScopes;
  alerts: AlertsService;
}): express.Router {
  const { scopes, alerts } = options;
  const router = Router();
  router.get('/tenants/:tenant/alerts', async (req, res) => {
    const scope = await scopes.scope(req, req.params.tenant);
    res.json(await alerts.alerts(scope));
  });
  return router;
}
