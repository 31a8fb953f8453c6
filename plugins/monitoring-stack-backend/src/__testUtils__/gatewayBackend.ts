import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  monitoringStackAdminReadPermission,
  monitoringStackAdminWritePermission,
  monitoringStackSilenceWritePermission,
  monitoringStackTenantReadPermission,
  monitoringStackTenantWritePermission,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { providerTenantSystem } from '@tenant-monitoring/plugin-monitoring-stack-node/testUtils';
import { JsonObject } from '@backstage/types';
import { AddressInfo } from 'node:net';
import { monitoringStackPlugin } from '../plugin';
import { RealPeers, startRealPeers, waitForPeerData } from './realPeers';

/** A tenant System entity as the catalog module emits it, in cluster `eks`. */
export function tenantEntity(
  id: string,
  options: {
    namespaces?: string[];
    seriesLabel?: 'namespace' | 'tenant_id';
  } = {},
): Entity {
  return providerTenantSystem(id, {
    seriesLabel: options.seriesLabel,
    namespaces: (options.namespaces ?? []).map(n => `eks/${n}`),
  });
}

/** The tenants of the gateway tests: two namespace tenants and a tenant_id one. */
export const TEST_TENANTS = [
  tenantEntity('team-a', { namespaces: ['team-a', 'team-a-jobs'] }),
  tenantEntity('team-b', { namespaces: ['team-b'] }),
  tenantEntity('team-c', { seriesLabel: 'tenant_id' }),
];

/** Test users and the tenants they may read; `admin` reads every tenant. */
export const USERS = {
  alice: 'user:default/alice', // team-a
  bob: 'user:default/bob', // team-b
  carol: 'user:default/carol', // team-c
  admin: 'user:default/admin',
  nobody: 'user:default/nobody',
};

/** The groups of the test users, as their ownership claims. */
const GROUPS_OF: Record<string, string[]> = {
  [USERS.alice]: ['group:default/team-a'],
  [USERS.bob]: ['group:default/team-b'],
  [USERS.carol]: ['group:default/team-c'],
};

/** Authorization headers for a user, and for a tenant's Grafana service token. */
export const auth = {
  user: (ref: string) => mockCredentials.user.header(ref),
  /** The user cookie a browser sends (limited access). */
  cookie: (ref: string) => mockCredentials.limitedUser.cookie(ref),
  service: (subject: string) =>
    mockCredentials.service.header({
      onBehalfOf: mockCredentials.service(subject),
      targetPluginId: 'monitoring-stack',
    }),
};

/**
 * Permissions as the default policy decides them: owners read, silence and
 * change their tenant, admins everything.
 */
function permissionsMock(entities: Entity[]) {
  const ownerOf = new Map(
    entities.map(e => [
      stringifyEntityRef(e),
      String((e.spec as { owner?: unknown } | undefined)?.owner),
    ]),
  );
  return mockServices.permissions.mock({
    authorize: async (requests, options) => {
      const principal = options?.credentials.principal as {
        userEntityRef?: string;
      };
      const user = principal.userEntityRef ?? '';
      const isAdmin = user === USERS.admin;
      return requests.map(r => {
        const request = r as {
          permission: { name: string };
          resourceRef?: string;
        };
        const { name } = request.permission;
        let allowed = false;
        if (
          name === monitoringStackAdminReadPermission.name ||
          name === monitoringStackAdminWritePermission.name
        ) {
          allowed = isAdmin;
        }
        if (
          name === monitoringStackTenantReadPermission.name ||
          name === monitoringStackSilenceWritePermission.name ||
          name === monitoringStackTenantWritePermission.name
        ) {
          // The catalog's IS_ENTITY_OWNER: the entity's owner is one of the user's groups.
          const owner = ownerOf.get(request.resourceRef ?? '');
          allowed =
            isAdmin ||
            (owner !== undefined && (GROUPS_OF[user] ?? []).includes(owner));
        }
        return {
          result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        };
      });
    },
  });
}

/** The portal's origin in the test backend's `app.baseUrl`. */
export const PORTAL_ORIGIN = 'http://portal.example.com';

/** Starts the backend plugin against the given upstreams. */
export async function startGatewayBackend(options: {
  metrics?: string;
  loki?: string;
  alertmanager?: string;
  timeoutMs?: number;
  gateway?: Record<string, unknown>;
  entities?: Entity[];
  /** More `monitoringStack` config, e.g. `sns` or `admin`. */
  config?: Record<string, unknown>;
  /** The `backend` config, e.g. `auth.externalAccess` with real auth services. */
  backend?: JsonObject;
  /** More features or service factories (a database, a scheduler mock). */
  features?: Parameters<typeof startTestBackend>[0]['features'];
}) {
  const entities = options.entities ?? TEST_TENANTS;
  const upstream = (url?: string) =>
    url ? { url, timeoutMs: options.timeoutMs ?? 5000 } : undefined;
  return startTestBackend({
    features: [
      monitoringStackPlugin,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: PORTAL_ORIGIN },
          ...(options.backend ? { backend: options.backend } : {}),
          monitoringStack: {
            upstreams: {
              thanosQuery: upstream(options.metrics),
              loki: upstream(options.loki),
              alertmanager: upstream(options.alertmanager),
            },
            gateway: {
              serviceTokens: [
                { subject: 'grafana-team-a', tenant: 'team-a' },
                { subject: 'grafana-admin', tenant: '*' },
              ],
              ...options.gateway,
            },
            ...options.config,
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
      permissionsMock(entities).factory,
      ...(options.features ?? []),
    ],
  });
}

/**
 * Starts Debian's Prometheus and Alertmanager and the backend in front of
 * them, waits for the peers' data, then runs `prepare`; stops the peers if
 * any of it fails. The caller stops them after its tests.
 */
export async function startGatewayOnRealPeers(
  options: Omit<
    Parameters<typeof startGatewayBackend>[0],
    'metrics' | 'alertmanager'
  > = {},
  prepare: (peers: RealPeers) => Promise<void> = async () => {},
): Promise<{ peers: RealPeers; port: number }> {
  const peers = await startRealPeers();
  try {
    const backend = await startGatewayBackend({
      ...options,
      metrics: peers.prometheusUrl,
      alertmanager: peers.alertmanagerUrl,
    });
    await waitForPeerData(peers);
    await prepare(peers);
    return { peers, port: (backend.server.address() as AddressInfo).port };
  } catch (error) {
    await peers.stop();
    throw error;
  }
}
