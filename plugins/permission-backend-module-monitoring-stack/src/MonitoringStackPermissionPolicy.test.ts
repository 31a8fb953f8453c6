import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  kubernetesClustersReadPermission,
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  monitoringStackAdminReadPermission,
  monitoringStackAdminWritePermission,
  monitoringStackPermissions,
  monitoringStackSilenceWritePermission,
  monitoringStackTenantReadPermission,
  monitoringStackTenantWritePermission,
  monitoringStackToolsReadPermission,
  monitoringStackToolsSilencePermission,
  monitoringStackToolsWritePermission,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { MonitoringStackPermissionPolicy } from './MonitoringStackPermissionPolicy';

/** The directory's answer: team-a's group owns a tenant, no other group does. */
const policy = new MonitoringStackPermissionPolicy(
  'group:default/platform-admins',
  { ownedByAny: async claims => claims.includes('group:default/team-a') },
);

function user(ref: string, groups: string[]): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
  };
}

const alice = user('user:default/alice', ['group:default/team-a']);
const admin = user('user:default/admin', ['group:default/platform-admins']);
const stranger = user('user:default/sam', ['group:default/marketing']);

describe('MonitoringStackPermissionPolicy', () => {
  it('lets admins do everything', async () => {
    for (const permission of monitoringStackPermissions) {
      await expect(policy.handle({ permission }, admin)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it.each([
    monitoringStackAdminReadPermission,
    monitoringStackAdminWritePermission,
  ])('keeps %s from everyone else', async permission => {
    await expect(policy.handle({ permission }, alice)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    await expect(policy.handle({ permission })).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it.each([
    monitoringStackTenantReadPermission,
    monitoringStackSilenceWritePermission,
    monitoringStackTenantWritePermission,
  ])(
    'lets the catalog decide %s by ownership of the tenant entity',
    async permission => {
      await expect(policy.handle({ permission }, alice)).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: ['user:default/alice', 'group:default/team-a'],
          },
        },
      });
    },
  );

  it.each([
    monitoringStackToolsReadPermission,
    monitoringStackToolsSilencePermission,
    monitoringStackToolsWritePermission,
  ])(
    'shows %s to members of some tenant and admins, to nobody else',
    async permission => {
      for (const member of [alice, admin]) {
        await expect(policy.handle({ permission }, member)).resolves.toEqual({
          result: AuthorizeResult.ALLOW,
        });
      }
      await expect(policy.handle({ permission }, stranger)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
      await expect(policy.handle({ permission })).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    },
  );

  it("keeps the Kubernetes plugin's proxy to admins: it reads any namespace with the plugin's own credentials", async () => {
    const permission = kubernetesProxyPermission;
    await expect(policy.handle({ permission }, alice)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    await expect(policy.handle({ permission })).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    await expect(policy.handle({ permission }, admin)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it.each([
    kubernetesResourcesReadPermission,
    kubernetesClustersReadPermission,
  ])(
    'allows $name, whose answers the Kubernetes module scopes to the tenants the caller may read',
    async permission => {
      await expect(policy.handle({ permission }, alice)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    },
  );

  it('allows every other permission, like the allow-all policy', async () => {
    await expect(
      policy.handle({ permission: catalogEntityReadPermission }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
