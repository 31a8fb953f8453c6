import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { RequestScopes } from '../tenancy/RequestScopes';
import { StackHealth } from './StackHealth';
import { TenantOverview } from './TenantOverview';

/**
 * `GET /health` (the shared stack, any signed-in user), `GET
 * /tenants/:tenant/health` (with the tenant's Grafana) and `GET /overview`
 * (every tenant the caller may see).
 */
export function createHealthRouter(options: {
  httpAuth: HttpAuthService;
  scopes: RequestScopes;
  health: StackHealth;
  overview: TenantOverview;
}): express.Router {
  const { httpAuth, scopes, health, overview } = options;
  const router = Router();

  router.get('/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await health.shared());
  });

  router.get('/tenants/:tenant/health', async (req, res) => {
    const scope = await scopes.scope(req, req.params.tenant);
    res.json(
      scope.kind === 'tenant'
        ? await health.tenant(scope.tenant)
        : await health.shared(),
    );
  });

  router.get('/overview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await overview.overview(credentials));
  });

  return router;
}
