import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createRouter } from './router';
import { TenantAccess } from './services/TenantAccess';
import { TenantRegistry } from './services/TenantRegistry';

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
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
      },
      async init({ httpAuth, httpRouter, auth, permissions, catalog }) {
        const registry = new TenantRegistry(catalog, auth);
        const access = new TenantAccess(registry, permissions);
        httpRouter.use(await createRouter({ httpAuth, access }));
      },
    });
  },
});
