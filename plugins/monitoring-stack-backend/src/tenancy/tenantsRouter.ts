import { HttpAuthService } from '@backstage/backend-plugin-api';
import { TenantAuthorizer } from '@tenant-monitoring/plugin-monitoring-stack-node';
import express from 'express';
import Router from 'express-promise-router';

/** `GET /tenants`: the tenants the user may see, and whether they are an admin. */
export function createTenantsRouter(options: {
  httpAuth: HttpAuthService;
  access: TenantAuthorizer;
}): express.Router {
  const { httpAuth, access } = options;
  const router = Router();
  router.get('/tenants', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [tenants, admin] = await Promise.all([
      access.visibleTenants(credentials),
      access.isAdmin(credentials),
    ]);
    res.json({ items: tenants, admin });
  });
  return router;
}
