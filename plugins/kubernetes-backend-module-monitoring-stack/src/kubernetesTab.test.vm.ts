import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { monitoringStackTenantReadPermission } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  providerTenantSystem,
  ProviderTenantSystemOptions,
} from '@tenant-monitoring/plugin-monitoring-stack-node/testUtils';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
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

const TEAM_A = tenantSystem('team-a', ['eks/team-a', 'eks/team-a-jobs']);
const TEAM_B = tenantSystem('team-b', ['eks/team-b']);
/** A look-alike of team-b's System that a member of team-a registered. */
const IMPOSTOR = tenantSystem('team-b', ['eks/team-b'], {
  name: 'not-team-b-monitoring',
  owner: 'group:default/team-a',
  location: 'url:https://example.com/x.yaml',
});
const ALICE = 'user:default/alice'; // team-a
const BOB = 'user:default/bob'; // team-b
const GROUPS: Record<string, string> = {
  [ALICE]: 'group:default/team-a',
  [BOB]: 'group:default/team-b',
};

type Pod = {
  cluster: string;
  namespace: string;
  name: string;
  labels?: object;
};
const PODS: Pod[] = [
  { cluster: 'eks', namespace: 'team-a', name: 'web', labels: { app: 'web' } },
  {
    cluster: 'eks',
    namespace: 'team-a',
    name: 'rendered',
    labels: { 'monitoring-stack.io/tenant': 'team-a' },
  },
  { cluster: 'eks', namespace: 'team-a-jobs', name: 'batch' },
  {
    cluster: 'eks',
    namespace: 'team-a-jobs',
    name: 'hidden',
    labels: { 'monitoring-stack.io/hidden': 'true' },
  },
  { cluster: 'eks', namespace: 'team-b', name: 'api' },
  // Another cluster's team-a namespace is not team-a's.
  { cluster: 'other', namespace: 'team-a', name: 'foreign' },
];

/** Label selectors as the API server reads them (equality and existence requirements). */
function matches(selector: string, labels: Record<string, string>) {
  return selector
    .split(',')
    .filter(Boolean)
    .every(req => {
      if (req.startsWith('!')) return !(req.slice(1) in labels);
      const [key, value] = req.split('=');
      return value === undefined ? key in labels : labels[key] === value;
    });
}

/** What the Kubernetes API of `cluster` answers: its pods from PODS, every other list empty. */
function kubernetesApi(cluster: string) {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://k8s');
    const path = url.pathname.match(
      /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)$/,
    );
    res.setHeader('Content-Type', 'application/json');
    if (req.method !== 'GET' || !path) {
      res.statusCode = 404;
      res.end(JSON.stringify({ kind: 'Status', status: 'Failure', code: 404 }));
      return;
    }
    const [, namespace, plural] = path;
    const selector = url.searchParams.get('labelSelector') ?? '';
    const items =
      plural !== 'pods'
        ? []
        : PODS.filter(
            p =>
              p.cluster === cluster &&
              (namespace === undefined || p.namespace === namespace) &&
              matches(selector, (p.labels ?? {}) as Record<string, string>),
          ).map(p => ({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: {
              name: p.name,
              namespace: p.namespace,
              labels: p.labels ?? {},
            },
          }));
    res.end(
      JSON.stringify({
        kind: 'List',
        apiVersion: 'v1',
        metadata: { resourceVersion: '1' },
        items,
      }),
    );
  });
}

const apis = { eks: kubernetesApi('eks'), other: kubernetesApi('other') };
const urls: Record<string, string> = {};

beforeAll(async () => {
  for (const [name, api] of Object.entries(apis)) {
    api.listen(0, '127.0.0.1');
    await once(api, 'listening');
    urls[name] = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  }
});
afterAll(async () => {
  await Promise.all(
    Object.values(apis).map(api => new Promise(r => api.close(r))),
  );
});

const cluster = (name: string) => ({
  name,
  url: urls[name],
  authProvider: 'serviceAccount',
  serviceAccountToken: 'token',
  skipMetricsLookup: true,
});

async function startKubernetes(withModule = true) {
  const entities = [TEAM_A, TEAM_B, IMPOSTOR];
  const owners = new Map(
    entities.map(e => [
      `system:default/${e.metadata.name}`,
      (e.spec as { owner: string }).owner,
    ]),
  );
  const { server: httpServer } = await startTestBackend({
    features: [
      kubernetesPlugin,
      ...(withModule ? [kubernetesModuleMonitoringStack] : []),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              { type: 'config', clusters: [cluster('eks'), cluster('other')] },
            ],
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
      mockServices.permissions.mock({
        // The default policy: the Kubernetes plugin's permissions for all,
        // a tenant to its owners.
        authorize: async (requests, options) => {
          const user = (
            options?.credentials.principal as { userEntityRef?: string }
          ).userEntityRef;
          return requests.map(r => {
            const { permission, resourceRef } = r as {
              permission: { name: string };
              resourceRef?: string;
            };
            const allowed =
              permission.name !== monitoringStackTenantReadPermission.name ||
              owners.get(resourceRef ?? '') === GROUPS[user ?? ''];
            return {
              result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
            };
          });
        },
      }).factory,
    ],
  });
  return httpServer;
}

/** The pods the Kubernetes tab of `entity` shows to `user`, as `cluster/namespace/name`. */
async function podsShown(
  httpServer: Awaited<ReturnType<typeof startKubernetes>>,
  entity: Entity,
  user: string,
) {
  const res = await request(httpServer)
    .post(`/api/kubernetes/services/${entity.metadata.name}`)
    .set('Authorization', mockCredentials.user.header(user))
    .send({ entity: { kind: entity.kind, metadata: entity.metadata } });
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
        .filter(r => r.type === 'pods')
        .flatMap(r =>
          r.resources.map(
            p =>
              `${item.cluster.name}/${p.metadata.namespace}/${p.metadata.name}`,
          ),
        );
    })
    .sort();
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

  it('shows what the Kubernetes plugin shows alone to a caller who may not read the tenant', async () => {
    const backend = await startKubernetes();
    const alone = await startKubernetes(false);
    expect(await podsShown(backend, TEAM_A, BOB)).toEqual(
      await podsShown(alone, TEAM_A, BOB),
    );
    expect(await podsShown(backend, TEAM_A, BOB)).toEqual([
      'eks/team-a/rendered',
    ]);
  });

  it('does not widen a look-alike System that someone registered', async () => {
    const backend = await startKubernetes();
    const shown = await podsShown(backend, IMPOSTOR, ALICE);
    expect(shown).not.toContain('eks/team-b/api');
    expect(shown).toEqual(
      await podsShown(await startKubernetes(false), IMPOSTOR, ALICE),
    );
  });

  it('without the module shows only the rendered objects of the first namespace', async () => {
    const alone = await startKubernetes(false);
    expect(await podsShown(alone, TEAM_A, ALICE)).toEqual([
      'eks/team-a/rendered',
    ]);
  });
});
