import {
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { TenantAccess } from './services/TenantAccess';

export type RouterOptions = {
  httpAuth: HttpAuthService;
  access: TenantAccess;
};

/** The plugin's HTTP API; the handlers stay thin and call the services. */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, access } = options;
  const router = Router();
  router.use(express.json());

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
