import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readGatewayConfig } from './config';
import { createRouter } from './router';
import { GatewayAccess } from './services/gateway/GatewayAccess';
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
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
      },
      async init({ config, httpAuth, httpRouter, auth, permissions, catalog }) {
        const gateway = readGatewayConfig(config);
        const registry = new TenantRegistry(catalog, auth);
        const access = new TenantAccess(registry, permissions);
        const gatewayAccess = new GatewayAccess(
          httpAuth,
          access,
          registry,
          permissions,
          gateway.serviceTenants,
        );
        httpRouter.use(await createRouter({ httpAuth, access, gatewayAccess, gateway }));
      },
    });
  },
});
