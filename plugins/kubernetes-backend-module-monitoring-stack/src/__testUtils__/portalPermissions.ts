import {
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import permissionModuleMonitoringStackPolicy from '@tenant-monitoring/plugin-permission-backend-module-monitoring-stack';

const OBO_TOKEN = /^Bearer mock-service-token:(\{.*"obo".*\})$/;

/**
 * Backstage's mock httpAuth reads a plugin's on-behalf-of token as the bare
 * user; the real one keeps the calling plugin as the user's actor, and the
 * permission backend answers a resource permission without a resourceRef
 * (the conditional decision TenantAuthorizer asks for) only to such a
 * caller. In these tests the only caller on behalf of users is the
 * Kubernetes plugin.
 */
const httpAuthWithActor = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }) => {
    const mock = mockServices.httpAuth({ pluginId: plugin.getId() });
    return {
      issueUserCookie: options => mock.issueUserCookie(options),
      credentials: (async (req, options) => {
        const credentials = await mock.credentials(req, options);
        const obo = req.headers.authorization?.match(OBO_TOKEN)?.[1];
        if (!obo) return credentials;
        return mockCredentials.user(JSON.parse(obo).obo, {
          actor: { subject: 'plugin:kubernetes' },
        });
      }) as typeof mock.credentials,
    };
  },
});

/**
 * The permission framework as the portal installs it: the real permission
 * backend with the monitoring-stack policy module, asked through the real
 * permissions service, with `groups` as each user's ownership claims.
 */
export function portalPermissions(groups: Record<string, string[]>) {
  return [
    permissionPlugin,
    permissionModuleMonitoringStackPolicy,
    permissionsServiceFactory,
    httpAuthWithActor,
    createServiceFactory({
      service: coreServices.userInfo,
      deps: {},
      factory: () => ({
        async getUserInfo(credentials) {
          const ref = (credentials.principal as BackstageUserPrincipal)
            .userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: [ref, ...(groups[ref] ?? [])],
          };
        },
      }),
    }),
  ];
}
