import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ANNOTATION_GRAFANA_URL,
  tenantSystemName,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  TenantAuthorizer,
  TenantDirectory,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { providerTenantSystem } from '@tenant-monitoring/plugin-monitoring-stack-node/testUtils';

type Decision = Awaited<ReturnType<PermissionsService['authorize']>>[number];
// The enum lives in @backstage/plugin-permission-common, not a dependency here.
const ALLOW = 'ALLOW' as Decision['result'];
const DENY = 'DENY' as Decision['result'];
const CONDITIONAL = 'CONDITIONAL';

export const ADMIN_GROUP = 'group:default/platform-admins';

/** The test users: alice is in team-a, bob in team-b, admin in the admin group. */
export const USERS = {
  alice: 'user:default/alice',
  bob: 'user:default/bob',
  admin: 'user:default/admin',
} as const;
export type TestUser = keyof typeof USERS;

/** Ownership claims of each user, as the default policy reads them. */
const CLAIMS: Record<string, string[]> = {
  [USERS.alice]: [USERS.alice, 'group:default/team-a'],
  [USERS.bob]: [USERS.bob, 'group:default/team-b'],
  [USERS.admin]: [USERS.admin, ADMIN_GROUP],
};

function claimsOf(credentials: BackstageCredentials): string[] {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
  };
  return principal.type === 'user'
    ? CLAIMS[principal.userEntityRef!] ?? []
    : [];
}

export function credentialsOf(user: TestUser): BackstageCredentials {
  return mockCredentials.user(USERS[user]);
}

/** A tenant System entity as the catalog module's provider emits it. */
export function tenantEntity(tenant: {
  id: string;
  owner: string;
  namespaces?: string[];
  seriesLabel?: 'namespace' | 'tenant_id';
  snsTopicArns?: string[];
  grafanaUrl?: string;
  /** Where the entity came from: anything but the provider is ignored. */
  location?: string;
}): Entity {
  return providerTenantSystem(tenant.id, {
    name: tenantSystemName(tenant.id),
    owner: tenant.owner,
    seriesLabel: tenant.seriesLabel,
    namespaces: (tenant.namespaces ?? []).map(n => `eks-shared/${n}`),
    snsTopicArns: tenant.snsTopicArns,
    location: tenant.location,
    annotations: tenant.grafanaUrl
      ? { [ANNOTATION_GRAFANA_URL]: tenant.grafanaUrl }
      : {},
  });
}

export const TOPICS = {
  teamA: 'arn:aws:sns:eu-west-1:123456789012:team-a-alerts',
  teamB: 'arn:aws:sns:eu-west-1:123456789012:team-b-alerts',
  dataPlatform: 'arn:aws:sns:eu-central-1:123456789012:data-platform-alerts',
  dataPlatformOncall:
    'arn:aws:sns:eu-central-1:123456789012:data-platform-oncall',
};

/** The tenants' own Grafanas, as their entities declare them. */
export const GRAFANAS = {
  teamA: 'http://grafana-team-a.test',
  teamB: 'http://grafana-team-b.test',
};

/**
 * team-a and team-b (namespace tenants with one topic and a Grafana each),
 * data-platform (a tenant_id tenant with two topics, no Grafana), ops (no
 * topic), and a System named like tenant team-c that a user registered,
 * which declares no tenant.
 */
export const TENANT_ENTITIES: Entity[] = [
  tenantEntity({
    id: 'team-a',
    owner: 'group:default/team-a',
    namespaces: ['team-a', 'team-a-jobs'],
    snsTopicArns: [TOPICS.teamA],
    grafanaUrl: GRAFANAS.teamA,
  }),
  tenantEntity({
    id: 'team-b',
    owner: 'group:default/team-b',
    namespaces: ['team-b'],
    snsTopicArns: [TOPICS.teamB],
    grafanaUrl: GRAFANAS.teamB,
  }),
  tenantEntity({
    id: 'data-platform',
    owner: 'group:default/team-a',
    seriesLabel: 'tenant_id',
    snsTopicArns: [TOPICS.dataPlatform, TOPICS.dataPlatformOncall],
  }),
  tenantEntity({ id: 'ops', owner: 'group:default/team-a' }),
  tenantEntity({
    id: 'team-c',
    owner: 'group:default/team-a',
    location: 'url:https://github.com/alice/catalog-info.yaml',
  }),
];

/**
 * Decides like the default policy: the admin group may do everything; a
 * tenant's resource permissions go to the owner group of its System entity;
 * the admin permissions only to the admin group; anything else is allowed.
 */
export function createPolicyMock(entities: Entity[]) {
  const ownerOf = new Map(
    entities.map(e => [
      stringifyEntityRef(e),
      String((e.spec as { owner?: unknown }).owner),
    ]),
  );
  const decide = (
    request: Parameters<PermissionsService['authorize']>[0][number],
    credentials: BackstageCredentials,
  ): Decision => {
    const { permission } = request;
    if (!permission.name.startsWith('monitoring-stack.')) {
      return { result: ALLOW };
    }
    const claims = claimsOf(credentials);
    if (claims.includes(ADMIN_GROUP)) return { result: ALLOW };
    if (permission.type !== 'resource') return { result: DENY };
    const owner = ownerOf.get(String(request.resourceRef));
    return { result: owner && claims.includes(owner) ? ALLOW : DENY };
  };
  return mockServices.permissions.mock({
    authorize: jest.fn(async (requests, { credentials }) =>
      requests.map(r => decide(r, credentials)),
    ),
    // The scaffolder's own checks (templates, steps, tasks) are allowed; a
    // tenant permission is the owner condition the default policy returns.
    authorizeConditional: jest.fn(async (requests, { credentials }) =>
      requests.map(
        ({ permission }: { permission: { name: string; type: string } }) => {
          if (!permission.name.startsWith('monitoring-stack.')) {
            return { result: ALLOW };
          }
          const claims = claimsOf(credentials);
          if (claims.includes(ADMIN_GROUP)) return { result: ALLOW };
          if (permission.type !== 'resource') return { result: DENY };
          return {
            result: CONDITIONAL,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: {
              rule: 'IS_ENTITY_OWNER',
              resourceType: 'catalog-entity',
              params: { claims },
            },
          };
        },
      ),
    ) as any,
  });
}

/** A real TenantDirectory and TenantAuthorizer over the entities. */
export function createTenancy(entities: Entity[] = TENANT_ENTITIES) {
  const permissions = createPolicyMock(entities);
  const directory = new TenantDirectory({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
  });
  return {
    authorizer: new TenantAuthorizer({ directory, permissions }),
    permissions,
  };
}
