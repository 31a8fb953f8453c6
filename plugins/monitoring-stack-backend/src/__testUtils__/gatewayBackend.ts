import { createSpecializedBackend } from '@backstage/backend-app-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceMock,
  actionsServiceMock,
  metricsServiceMock,
  tracingServiceMock,
} from '@backstage/backend-test-utils/alpha';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
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
import {
  BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { HostDiscovery } from '@backstage/backend-defaults/discovery';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import {
  ExtendedHttpServer,
  rootHttpRouterServiceFactory,
} from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
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
  dana: 'user:default/dana', // new-team, a tenant a test adds while the backend runs
};

/** The groups of the test users, as their ownership claims. */
const GROUPS_OF: Record<string, string[]> = {
  [USERS.alice]: ['group:default/team-a'],
  [USERS.bob]: ['group:default/team-b'],
  [USERS.carol]: ['group:default/team-c'],
  [USERS.admin]: ['group:default/platform-admins'],
  [USERS.dana]: ['group:default/new-team'],
};

/** A test user's ownership claims, as Backstage's user info service gives them. */
export const ownershipOf = (user: string) => [user, ...(GROUPS_OF[user] ?? [])];

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
  // Read at each decision: a test may add a tenant while the backend runs.
  const ownerOf = () =>
    new Map(
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
          const owner = ownerOf().get(request.resourceRef ?? '');
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

/** Where the test backend listens; `backend.listen` in its config. */
export const TEST_LISTEN = { host: '127.0.0.1', port: 0 };

const started: Array<{ stop(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(started.splice(0).map(b => b.stop().catch(() => {})));
});

/**
 * `startTestBackend` with the portal's HTTP routing, WebSocket routes
 * included (`httpRouter.addWebSocketHandler`): backend-test-utils 1.11's own
 * root router has no HTTP server to take upgrades from, and its
 * `startTestBackend` cannot take another root router (the registry has no
 * backend-test-utils of the 1.57 line yet). The same mock services; listens
 * on `backend.listen` (`TEST_LISTEN` unless the config says otherwise).
 * Stopped after the test file, like startTestBackend's.
 */
export async function startWebSocketTestBackend(options: {
  features: Array<BackendFeature>;
}) {
  let server: ExtendedHttpServer | undefined;
  const listening = () => {
    if (!server) throw new Error('The test backend has not started');
    return server;
  };
  const backend = createSpecializedBackend({
    defaultServiceFactories: [
      mockServices.auth.factory(),
      mockServices.auditor.factory(),
      mockServices.cache.factory(),
      mockServices.rootConfig.factory({
        data: { backend: { listen: TEST_LISTEN } },
      }),
      mockServices.database.factory(),
      mockServices.httpAuth.factory(),
      mockServices.lifecycle.factory(),
      mockServices.logger.factory(),
      mockServices.permissions.factory(),
      mockServices.permissionsRegistry.factory(),
      mockServices.rootHealth.factory(),
      mockServices.rootLifecycle.factory(),
      mockServices.rootLogger.factory(),
      mockServices.scheduler.factory(),
      mockServices.userInfo.factory(),
      mockServices.urlReader.factory(),
      mockServices.events.factory(),
      actionsRegistryServiceMock.factory(),
      actionsServiceMock.factory(),
      metricsServiceMock.factory(),
      tracingServiceMock.factory(),
      rootHttpRouterServiceFactory({
        // As startTestBackend's: no helmet, CORS, compression or request logs.
        configure({ app, server: s, routes, middleware, healthRouter }) {
          // createHttpServer's server, with start, stop and port.
          server = s as ExtendedHttpServer;
          app.use(healthRouter);
          app.use(routes);
          app.use(middleware.notFound());
          app.use(middleware.error());
        },
      }),
      httpRouterServiceFactory,
      createServiceFactory({
        service: coreServices.discovery,
        deps: { rootHttpRouter: coreServices.rootHttpRouter },
        async factory() {
          const port = listening().port();
          return HostDiscovery.fromConfig(
            new ConfigReader({
              backend: {
                baseUrl: `http://localhost:${port}`,
                listen: { port },
              },
            }),
          );
        },
      }),
    ],
  });
  options.features.forEach(f => backend.add(f));
  started.push(backend);
  await backend.start();
  return { server: listening(), stop: () => backend.stop() };
}

/**
 * The catalog mock over `entities` as they are at each call, so a test can
 * add a tenant (push an entity) while the backend runs.
 */
function liveCatalog(entities: Entity[]) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () =>
      new Proxy({} as CatalogService, {
        get(_target, name) {
          const catalog = catalogServiceMock({ entities });
          const member = Reflect.get(catalog, name);
          // Not a method (e.g. `then`, asked of what a factory returns): as it is.
          return typeof member === 'function'
            ? (...args: unknown[]) => member.apply(catalog, args)
            : member;
        },
      }),
  });
}

/** Starts the backend plugin against the given upstreams. */
export async function startGatewayBackend(options: {
  metrics?: string;
  loki?: string;
  alertmanager?: string;
  timeoutMs?: number;
  gateway?: Record<string, unknown>;
  /** The catalog's entities, read at each call: push one to add a tenant while the backend runs. */
  entities?: Entity[];
  /** More `monitoringStack` config, e.g. `sns` or `admin`. */
  config?: Record<string, unknown>;
  /** The `backend` config, e.g. `auth.externalAccess` with real auth services. */
  backend?: JsonObject;
  /** Other top-level config, e.g. `permission`. */
  root?: JsonObject;
  /** More features or service factories (a database, a scheduler mock). */
  features?: BackendFeature[];
  /**
   * What decides permissions instead of the mock of the default policy:
   * e.g. the permission backend with the plugin set's policy.
   */
  permissions?: BackendFeature[];
  /**
   * backend-test-utils' own routing, as in a backend before backend-defaults
   * 0.19: no WebSocket routes, upgrades go to Express.
   */
  expressUpgrades?: boolean;
}) {
  const entities = options.entities ?? TEST_TENANTS;
  const upstream = (url?: string) =>
    url ? { url, timeoutMs: options.timeoutMs ?? 5000 } : undefined;
  const start = options.expressUpgrades
    ? startTestBackend
    : startWebSocketTestBackend;
  return start({
    features: [
      monitoringStackPlugin,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: PORTAL_ORIGIN },
          backend: { listen: TEST_LISTEN, ...options.backend },
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
          ...options.root,
        },
      }),
      liveCatalog(entities),
      ...(options.permissions ?? [permissionsMock(entities).factory]),
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
