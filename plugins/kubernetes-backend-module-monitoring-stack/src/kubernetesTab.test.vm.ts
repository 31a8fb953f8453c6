import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import {
  providerTenantSystem,
  ProviderTenantSystemOptions,
} from '@tenant-monitoring/plugin-monitoring-stack-node/testUtils';
import request from 'supertest';
import {
  FakeKubernetesApi,
  FakeObject,
} from './__testUtils__/fakeKubernetesApi';
import { portalPermissions } from './__testUtils__/portalPermissions';
import kubernetesModuleMonitoringStack from './index';

/** A tenant's System as the provider emits it, with what it writes for the Kubernetes plugin. */
const tenantSystem = (
  id: string,
  namespaces: string[],
  options: ProviderTenantSystemOptions = {},
) =>
  providerTenantSystem(id, {
    ...options,
    namespaces,
    annotations: {
      // The first namespace, and the label of the rendered objects.
      'backstage.io/kubernetes-namespace': namespaces[0].split('/')[1],
      'backstage.io/kubernetes-label-selector': `monitoring-stack.io/tenant=${id}`,
    },
  });

/** A Component that a member of team-a registered, with the annotations it chose. */
const component = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
});

const TEAM_A = tenantSystem('team-a', ['eks/team-a', 'eks/team-a-jobs']);
const TEAM_B = tenantSystem('team-b', ['eks/team-b']);
/** A look-alike of team-b's System that a member of team-a registered. */
const IMPOSTOR = tenantSystem('team-b', ['eks/team-b'], {
  name: 'not-team-b-monitoring',
  owner: 'group:default/team-a',
  location: 'url:https://example.com/x.yaml',
});
const APP = 'backstage.io/kubernetes-label-selector';
const NAMESPACE = 'backstage.io/kubernetes-namespace';
const IN_TEAM_A = component('web', { [NAMESPACE]: 'team-a', [APP]: 'app' });
const IN_TEAM_B = component('sneaky', { [NAMESPACE]: 'team-b', [APP]: 'app' });
const NO_NAMESPACE = component('everywhere', { [APP]: 'app' });
const IN_KUBE_SYSTEM = component('dns', {
  [NAMESPACE]: 'kube-system',
  [APP]: 'app',
});

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const ADMIN = 'user:default/admin';
const GROUPS: Record<string, string[]> = {
  [ALICE]: ['group:default/team-a'],
  [BOB]: ['group:default/team-b'],
  [ADMIN]: ['group:default/platform-admins'],
};

const OBJECTS: FakeObject[] = [
  {
    cluster: 'eks',
    kind: 'Pod',
    namespace: 'team-a',
    name: 'web',
    labels: { app: 'web' },
    values: { DB_PASSWORD: 'team-a-password' },
  },
  {
    cluster: 'eks',
    kind: 'Pod',
    namespace: 'team-a',
    name: 'rendered',
    labels: { 'monitoring-stack.io/tenant': 'team-a' },
  },
  { cluster: 'eks', kind: 'Pod', namespace: 'team-a-jobs', name: 'batch' },
  {
    cluster: 'eks',
    kind: 'Pod',
    namespace: 'team-a-jobs',
    name: 'hidden',
    labels: { 'monitoring-stack.io/hidden': 'true' },
  },
  {
    cluster: 'eks',
    kind: 'Pod',
    namespace: 'team-b',
    name: 'api',
    labels: { app: 'api' },
    values: { DB_PASSWORD: 'team-b-password' },
  },
  {
    cluster: 'eks',
    kind: 'Pod',
    namespace: 'team-b',
    name: 'exporter',
    labels: { 'monitoring-stack.io/tenant': 'team-b' },
    values: { TOKEN: 'team-b-password' },
  },
  {
    cluster: 'eks',
    kind: 'Pod',
    namespace: 'kube-system',
    name: 'coredns',
    labels: { app: 'coredns' },
  },
  {
    cluster: 'eks',
    kind: 'Secret',
    namespace: 'team-a',
    name: 'a-db',
    labels: { app: 'db' },
    values: { password: 'team-a-password' },
  },
  {
    cluster: 'eks',
    kind: 'Secret',
    namespace: 'team-b',
    name: 'b-db',
    labels: { app: 'db' },
    values: { password: 'team-b-password' },
  },
  // Another cluster's team-a namespace is not team-a's.
  {
    cluster: 'other',
    kind: 'Pod',
    namespace: 'team-a',
    name: 'foreign',
    labels: { app: 'foreign' },
  },
];

const apis = {
  eks: new FakeKubernetesApi('eks', OBJECTS),
  other: new FakeKubernetesApi('other', OBJECTS),
};
beforeAll(() => Promise.all(Object.values(apis).map(api => api.start())));
afterAll(() => Promise.all(Object.values(apis).map(api => api.stop())));

/** A cluster as on EKS: a service account's token for everyone. */
const cluster = (name: keyof typeof apis) => ({
  name,
  url: apis[name].url,
  authProvider: 'serviceAccount',
  serviceAccountToken: 'token',
  skipMetricsLookup: true,
});

/**
 * The Kubernetes backend as the portal installs it: the real permission
 * backend with the monitoring-stack policy decides every permission.
 */
async function startKubernetes({
  withModule = true,
  clusters = ['eks', 'other'] as Array<keyof typeof apis>,
} = {}) {
  const { server } = await startTestBackend({
    features: [
      kubernetesPlugin,
      ...(withModule ? [kubernetesModuleMonitoringStack] : []),
      ...portalPermissions(GROUPS),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              { type: 'config', clusters: clusters.map(cluster) },
            ],
          },
        },
      }),
      catalogServiceMock.factory({
        entities: [
          TEAM_A,
          TEAM_B,
          IMPOSTOR,
          IN_TEAM_A,
          IN_TEAM_B,
          NO_NAMESPACE,
          IN_KUBE_SYSTEM,
        ],
      }),
    ],
  });
  return server;
}
type Backend = Awaited<ReturnType<typeof startKubernetes>>;

/** The Kubernetes tab's query for the workloads of `entity`, as `user`. */
const workloads = (backend: Backend, entity: Entity, user: string) =>
  request(backend)
    .post('/api/kubernetes/resources/workloads/query')
    .set('Authorization', mockCredentials.user.header(user))
    .send({ entityRef: stringifyEntityRef(entity) });

/** What a 200 answer holds of `type`, as `cluster/namespace/name`. */
function shown(res: request.Response, type = 'pods') {
  expect({
    status: res.status,
    body: res.status === 200 ? undefined : res.body,
  }).toEqual({ status: 200 });
  return (
    res.body.items as Array<{
      cluster: { name: string };
      resources: Array<{ type: string; resources: any[] }>;
      errors: unknown[];
    }>
  )
    .flatMap(item => {
      expect(item.errors).toEqual([]);
      return item.resources
        .filter(r => r.type === type)
        .flatMap(r =>
          r.resources.map(
            o =>
              `${item.cluster.name}/${o.metadata.namespace}/${o.metadata.name}`,
          ),
        );
    })
    .sort();
}

/** The pods the Kubernetes tab of `entity` shows to `user`. */
async function podsShown(backend: Backend, entity: Entity, user: string) {
  return shown(await workloads(backend, entity, user));
}

describe('the Kubernetes tab of a tenant', () => {
  it("shows its owner the workloads of all the tenant's namespaces, in its clusters only", async () => {
    const backend = await startKubernetes();
    expect(await podsShown(backend, TEAM_A, ALICE)).toEqual([
      'eks/team-a-jobs/batch',
      'eks/team-a/rendered',
      'eks/team-a/web',
    ]);
  });

  it('is refused to a caller who may not read the tenant, on both routes of the tab', async () => {
    const backend = await startKubernetes();
    const refused = await workloads(backend, TEAM_A, BOB);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain('team-a-password');
    const services = await request(backend)
      .post(`/api/kubernetes/services/${TEAM_A.metadata.name}`)
      .set('Authorization', mockCredentials.user.header(BOB))
      .send({ entity: { kind: TEAM_A.kind, metadata: TEAM_A.metadata } });
    expect(services.status).toBe(403);
  });

  it('refuses a look-alike System of a tenant the caller may not read', async () => {
    const backend = await startKubernetes();
    expect((await workloads(backend, IMPOSTOR, ALICE)).status).toBe(403);
  });

  it('shows an entity in a namespace of its tenant only what that tenant owns in each cluster', async () => {
    const backend = await startKubernetes();
    expect(await podsShown(backend, IN_TEAM_A, ALICE)).toEqual([
      'eks/team-a/web',
    ]);
  });

  it('without the module shows only the rendered objects of the first namespace', async () => {
    const alone = await startKubernetes({ withModule: false });
    expect(await podsShown(alone, TEAM_A, ALICE)).toEqual([
      'eks/team-a/rendered',
    ]);
  });
});

// Issue #20: one cluster, service-account auth, as on EKS; alice is in team-a.
describe('a member of team-a after the objects of team-b', () => {
  const start = () => startKubernetes({ clusters: ['eks'] });

  it('cannot use the Kubernetes proxy, which reaches no cluster; an admin can', async () => {
    const backend = await start();
    const path = '/api/kubernetes/proxy/api/v1/namespaces/team-b/secrets';
    apis.eks.received.length = 0;
    const refused = await request(backend)
      .get(path)
      .set('Authorization', mockCredentials.user.header(ALICE));
    expect(refused.status).toBe(403);
    expect(apis.eks.received).toEqual([]);

    const admin = await request(backend)
      .get(path)
      .set('Authorization', mockCredentials.user.header(ADMIN));
    expect(admin.status).toBe(200);
    expect(admin.body.items.map((s: any) => s.metadata.name)).toEqual(['b-db']);
  });

  it("is refused the workloads of team-b's System; an admin sees them", async () => {
    const backend = await start();
    const refused = await workloads(backend, TEAM_B, ALICE);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain('team-b-password');
    expect(await podsShown(backend, TEAM_B, ADMIN)).toEqual([
      'eks/team-b/api',
      'eks/team-b/exporter',
    ]);
  });

  it("is refused an entity of its own that names team-b's namespace", async () => {
    const backend = await start();
    const refused = await workloads(backend, IN_TEAM_B, ALICE);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain('team-b-password');
    expect(await podsShown(backend, IN_TEAM_B, ADMIN)).toEqual([
      'eks/team-b/api',
    ]);
  });

  it("sees, through an entity without a namespace, only its own tenants' objects", async () => {
    const backend = await start();
    const res = await workloads(backend, NO_NAMESPACE, ALICE);
    expect(shown(res)).toEqual(['eks/team-a/web']);
    expect(JSON.stringify(res.body)).not.toContain('team-b-password');
    expect(await podsShown(backend, NO_NAMESPACE, ADMIN)).toEqual([
      'eks/kube-system/coredns',
      'eks/team-a/web',
      'eks/team-b/api',
    ]);
  });

  it("lists, as custom resources, only its own tenants' Secrets", async () => {
    const backend = await start();
    const secrets = (user: string) =>
      request(backend)
        .post('/api/kubernetes/resources/custom/query')
        .set('Authorization', mockCredentials.user.header(user))
        .send({
          entityRef: stringifyEntityRef(NO_NAMESPACE),
          customResources: [{ group: '', apiVersion: 'v1', plural: 'secrets' }],
        });
    expect(shown(await secrets(ALICE), 'customresources')).toEqual([
      'eks/team-a/a-db',
    ]);
    expect(shown(await secrets(ADMIN), 'customresources')).toEqual([
      'eks/team-a/a-db',
      'eks/team-b/b-db',
    ]);
  });

  it('is refused a custom resource whose name climbs out of its namespace, before any cluster is asked', async () => {
    const backend = await start();
    apis.eks.received.length = 0;
    const res = await request(backend)
      .post('/api/kubernetes/resources/custom/query')
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({
        entityRef: stringifyEntityRef(IN_TEAM_A),
        customResources: [
          { group: '', apiVersion: 'v1', plural: '../team-b/pods' },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "Custom resource plural must be lowercase letters, digits, '-' and '.', got \"../team-b/pods\"",
    );
    expect(apis.eks.received).toEqual([]);
  });

  it('sees nothing of a namespace that belongs to no tenant; an admin does', async () => {
    const backend = await start();
    expect(await podsShown(backend, IN_KUBE_SYSTEM, ALICE)).toEqual([]);
    expect(await podsShown(backend, IN_KUBE_SYSTEM, ADMIN)).toEqual([
      'eks/kube-system/coredns',
    ]);
  });
});
