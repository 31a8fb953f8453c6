import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  BackendFeature,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { parseTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { monitoringStackTenantSourcesExtensionPoint } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { namespace, namespacesHandler } from './__testUtils__/kubernetes';
import { catalogModuleMonitoringStack } from './module';

jest.setTimeout(60_000);

// Requests to the test backend itself go through; only Kubernetes is mocked.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const baseConfig = {
  catalog: {
    providers: {
      monitoringStack: {
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 1 } },
      },
    },
  },
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'eks',
            url: 'https://eks.example.com',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'tok-eks',
          },
        ],
      },
    ],
  },
};

async function waitForEntity(app: Parameters<typeof request>[0], ref: string) {
  const path = ref.replace(':', '/');
  for (let i = 0; i < 100; i++) {
    const res = await request(app)
      .get(`/api/catalog/entities/by-name/${path}`)
      .set('Authorization', mockCredentials.user.header());
    if (res.status === 200) return res.body;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`${ref} never appeared in the catalog`);
}

/** The catalog with the module, config tenant team-a and more features. */
async function startCatalog(
  knex: Awaited<ReturnType<typeof databases.init>>,
  features: BackendFeature[] = [],
) {
  const { server: http } = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleMonitoringStack,
      ...features,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          ...baseConfig,
          monitoringStack: {
            tenants: [
              {
                id: 'team-a',
                owner: 'team-a',
                namespaces: { eks: ['team-a'] },
              },
            ],
          },
        },
      }),
    ],
  });
  return http;
}

describe('catalogModuleMonitoringStack', () => {
  it.each(databases.eachSupportedId())(
    'puts config and Kubernetes tenants into the catalog, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      server.use(
        namespacesHandler('https://eks.example.com', [namespace('web', 'web')]),
      );
      const http = await startCatalog(knex);

      const teamA = await waitForEntity(
        http,
        'system:default/team-a-monitoring',
      );
      expect(teamA.spec.owner).toBe('group:default/team-a');
      const web = await waitForEntity(http, 'system:default/web-monitoring');
      expect(web.metadata.annotations['monitoring-stack.io/source']).toBe(
        'kubernetes:eks',
      );

      const grafana = await waitForEntity(
        http,
        'resource:default/team-a-grafana',
      );
      expect(grafana.relations).toEqual(
        expect.arrayContaining([
          {
            type: 'dependsOn',
            targetRef: 'resource:default/team-a-thanos-tenant',
          },
          { type: 'partOf', targetRef: 'system:default/team-a-monitoring' },
          { type: 'ownedBy', targetRef: 'group:default/team-a' },
        ]),
      );
      const fluentBit = await waitForEntity(
        http,
        'component:default/monitoring-stack-fluent-bit',
      );
      expect(fluentBit.relations).toEqual(
        expect.arrayContaining([
          {
            type: 'dependsOn',
            targetRef: 'component:default/monitoring-stack-loki',
          },
        ]),
      );
    },
  );

  it('stops the backend at start on an invalid tenant, naming the key and the rule', async () => {
    await expect(
      startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleMonitoringStack,
          mockServices.rootConfig.factory({
            data: {
              ...baseConfig,
              monitoringStack: {
                tenants: [
                  {
                    id: 'team-a',
                    owner: 'team-a',
                    namespaces: { eks: ['team-a'] },
                  },
                  {
                    id: 'a|b',
                    owner: 'team-b',
                    namespaces: { eks: ['team-b'] },
                  },
                ],
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      "monitoringStack.tenants[1].id: must not contain '|' (Loki's multi-tenant separator)",
    );
  });

  it("emits the tenants of a source another module adds, and refuses one that claims an earlier tenant's namespace", async () => {
    const knex = await databases.init('SQLITE_3');
    server.use(namespacesHandler('https://eks.example.com', []));
    const registry = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'test-tenants',
      register(reg) {
        reg.registerInit({
          deps: { tenantSources: monitoringStackTenantSourcesExtensionPoint },
          async init({ tenantSources }) {
            tenantSources.addTenantSource({
              id: 'registry',
              readTenants: async () => ({
                tenants: [
                  {
                    origin: 'registry:adopter',
                    tenant: parseTenant({
                      id: 'payments',
                      owner: 'payments',
                      namespaces: { eks: ['payments'] },
                    }),
                  },
                  {
                    origin: 'registry:adopter',
                    tenant: parseTenant({
                      id: 'intruder',
                      owner: 'intruder',
                      namespaces: { eks: ['intruder', 'team-a'] },
                    }),
                  },
                ],
              }),
            });
          },
        });
      },
    });
    const http = await startCatalog(knex, [registry]);

    const payments = await waitForEntity(
      http,
      'system:default/payments-monitoring',
    );
    expect(payments.spec.owner).toBe('group:default/payments');
    expect(payments.metadata.annotations['monitoring-stack.io/source']).toBe(
      'registry:adopter',
    );
    await waitForEntity(http, 'system:default/team-a-monitoring');
    // Emitted in the same mutation as payments, had it been accepted.
    const intruder = await request(http)
      .get('/api/catalog/entities/by-name/system/default/intruder-monitoring')
      .set('Authorization', mockCredentials.user.header());
    expect(intruder.status).toBe(404);
  });
});
