import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { parseTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { namespace, namespacesHandler } from '../__testUtils__/kubernetes';
import { kubernetesClusterTokens } from '../lib/kubernetesClient';
import { readProviderConfig } from './config';
import {
  MonitoringStackEntityProvider,
  TenantSourceAddition,
} from './MonitoringStackEntityProvider';

// The EKS cluster answers by default, and says whom its token was for.
const eksIamRequests: Request[] = [];
const server = setupServer(
  http.get('https://eks-iam.example.com/api/v1/namespaces', ({ request }) => {
    eksIamRequests.push(request);
    return undefined;
  }),
  namespacesHandler('https://eks-iam.example.com', []),
);
registerMswTestHooks(server);
beforeEach(() => {
  eksIamRequests.length = 0;
});

const config = new ConfigReader({
  monitoringStack: {
    tenants: [
      { id: 'team-a', owner: 'team-a', namespaces: { eks: ['team-a'] } },
    ],
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
          {
            name: 'eks-2',
            url: 'https://eks-2.example.com/',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'tok-eks-2',
          },
          {
            name: 'eks-iam',
            url: 'https://eks-iam.example.com',
            authProvider: 'aws',
            authMetadata: { 'kubernetes.io/x-k8s-aws-id': 'eks-shared' },
          },
          {
            name: 'gke',
            url: 'https://gke.example.com',
            authProvider: 'google',
          },
        ],
      },
    ],
  },
  aws: {
    mainAccount: {
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'example-secret',
    },
  },
  catalog: { providers: { monitoringStack: { requestTimeoutMs: 500 } } },
});

function setup() {
  const logger = mockServices.logger.mock();
  const mutations: EntityProviderMutation[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async m => {
      mutations.push(m);
    },
    refresh: jest.fn(),
  };
  const provider = new MonitoringStackEntityProvider(
    readProviderConfig(config),
    logger,
    kubernetesClusterTokens(config),
  );
  return { provider, connection, mutations, logger };
}

const names = (m: EntityProviderMutation) =>
  (m.type === 'full' ? m.entities : m.added)
    .map(e => e.entity.metadata.name)
    .filter(n => n.endsWith('-monitoring'))
    .sort();

describe('MonitoringStackEntityProvider', () => {
  it('reads config and every cluster, paging and authenticating', async () => {
    const requests: URL[] = [];
    server.use(
      namespacesHandler(
        'https://eks.example.com',
        [
          namespace('team-a-jobs', 'team-a'),
          namespace('web', 'web'),
          namespace('api', 'api'),
        ],
        { pageSize: 2, requests, token: 'tok-eks' },
      ),
      namespacesHandler('https://eks-2.example.com', [
        namespace('batch', 'batch'),
      ]),
    );
    const { provider, connection, mutations } = setup();
    await provider.connect(connection);
    await expect(provider.refresh()).resolves.toEqual({
      tenants: 4,
      // No region and account configured: the admin stack has no SNS topics.
      entities: 36,
      complete: true,
      mutation: 'full',
      added: 36,
      removed: 0,
    });

    expect(mutations).toHaveLength(1);
    expect(mutations[0].type).toBe('full');
    expect(names(mutations[0])).toEqual([
      'api-monitoring',
      'batch-monitoring',
      'team-a-monitoring',
      'web-monitoring',
    ]);
    expect(requests.map(u => u.searchParams.get('continue'))).toEqual([
      null,
      '2',
    ]);
    expect(requests[0].searchParams.get('labelSelector')).toBe(
      'monitoring-stack.io/tenant',
    );
    const teamA = (mutations[0] as any).entities.find(
      (e: any) => e.entity.metadata.name === 'team-a-monitoring',
    ).entity;
    expect(teamA.metadata.annotations['monitoring-stack.io/namespaces']).toBe(
      'eks/team-a,eks/team-a-jobs',
    );
  });

  it("signs in to an EKS cluster with a token from the aws integration's credentials", async () => {
    server.use(
      namespacesHandler('https://eks.example.com', []),
      namespacesHandler('https://eks-2.example.com', []),
    );
    const { provider, connection } = setup();
    await provider.connect(connection);
    await expect(provider.refresh()).resolves.toMatchObject({ complete: true });

    const auth = eksIamRequests[0].headers.get('authorization') ?? '';
    expect(auth).toMatch(/^Bearer k8s-aws-v1\./);
    // The token is a presigned STS GetCallerIdentity for the cluster id.
    const url = new URL(
      Buffer.from(
        auth.slice('Bearer k8s-aws-v1.'.length),
        'base64url',
      ).toString(),
    );
    expect(url.hostname).toMatch(/^sts\.[a-z0-9-]+\.amazonaws\.com$/);
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIAEXAMPLE\//);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe(
      'host;x-k8s-aws-id',
    );
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports clusters whose auth needs a signed-in user', () => {
    expect(readProviderConfig(config).unsupportedClusters).toEqual([
      'gke (authProvider google)',
    ]);
  });

  it('warns about a malformed namespace and keeps every other tenant', async () => {
    server.use(
      namespacesHandler('https://eks.example.com', [
        namespace('web', 'web'),
        namespace('broken', 'broken', {
          'monitoring-stack.io/grafana-url': 'not a url',
        }),
      ]),
      namespacesHandler('https://eks-2.example.com', []),
    );
    const { provider, connection, mutations, logger } = setup();
    await provider.connect(connection);
    await provider.refresh();
    expect(names(mutations[0])).toEqual([
      'team-a-monitoring',
      'web-monitoring',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      "Skipped namespace eks/broken: monitoring-stack.io/grafana-url: a namespace may not choose its tenant's Grafana URL; monitoringStack.tenantGrafanaUrl is not set, got 'not a url'",
    );
  });

  it('never removes entities because a cluster did not answer', async () => {
    let eksUp = true;
    server.use(
      // Falls through to the next handler while the cluster is up.
      http.get('https://eks.example.com/api/v1/namespaces', () =>
        eksUp
          ? undefined
          : HttpResponse.json(
              { message: 'etcdserver: request timed out' },
              { status: 504 },
            ),
      ),
      namespacesHandler('https://eks.example.com', [namespace('web', 'web')]),
      namespacesHandler('https://eks-2.example.com', [
        namespace('batch', 'batch'),
      ]),
    );
    const { provider, connection, mutations, logger } = setup();
    await provider.connect(connection);

    // A failure before any good read: a delta that adds and removes nothing.
    eksUp = false;
    await provider.refresh();
    expect(mutations[0]).toMatchObject({ type: 'delta', removed: [] });
    expect(names(mutations[0])).toEqual([
      'batch-monitoring',
      'team-a-monitoring',
    ]);

    // A good read, then a failure: the last good tenants of eks stay.
    eksUp = true;
    await provider.refresh();
    eksUp = false;
    await provider.refresh();
    expect(mutations[1].type).toBe('full');
    expect(names(mutations[1])).toContain('web-monitoring');
    // Nothing changed, so nothing is applied, and nothing removed.
    expect(mutations[2]).toEqual({ type: 'delta', added: [], removed: [] });
    expect(logger.warn).toHaveBeenLastCalledWith(
      expect.stringMatching(
        /^Could not read tenant source kubernetes; keeping the 1 tenants of its last good read: .*Could not read tenant namespaces of cluster eks; caused by /,
      ),
    );
  });

  it('treats an answer that is not a NamespaceList as a failed read', async () => {
    server.use(
      http.get('https://eks.example.com/api/v1/namespaces', () =>
        HttpResponse.text('<html>login</html>'),
      ),
      namespacesHandler('https://eks-2.example.com', []),
    );
    const { provider, connection, mutations } = setup();
    await provider.connect(connection);
    await expect(provider.refresh()).resolves.toMatchObject({
      complete: false,
    });
    expect(mutations[0].type).toBe('delta');
  });

  it('gives up on a cluster that hangs, within the timeout', async () => {
    server.use(
      http.get(
        'https://eks.example.com/api/v1/namespaces',
        () => new Promise(() => {}),
      ),
      namespacesHandler('https://eks-2.example.com', []),
    );
    const { provider, connection } = setup();
    await provider.connect(connection);
    const started = Date.now();
    await expect(provider.refresh()).resolves.toMatchObject({
      complete: false,
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('MonitoringStackEntityProvider with added tenant sources', () => {
  const configOnly = new ConfigReader({
    monitoringStack: {
      tenants: [
        { id: 'team-a', owner: 'team-a', namespaces: { eks: ['team-a'] } },
      ],
    },
    catalog: { providers: { monitoringStack: { kubernetes: false } } },
  });
  const declared = (id: string, origin: string, namespaces = [id]) => ({
    origin,
    tenant: parseTenant({ id, owner: id, namespaces: { eks: namespaces } }),
  });

  function setupWith(additions: TenantSourceAddition[], fullEvery?: number) {
    const logger = mockServices.logger.mock();
    const mutations: EntityProviderMutation[] = [];
    const provider = new MonitoringStackEntityProvider(
      readProviderConfig(configOnly),
      logger,
      async () => undefined,
      additions,
      { fullEvery },
    );
    provider.connect({
      applyMutation: async m => {
        mutations.push(m);
      },
      refresh: jest.fn(),
    });
    return { provider, mutations, logger };
  }

  it('keeps the last good answer of a source that throws, and still counts the others', async () => {
    const flaky = {
      id: 'flaky',
      readTenants: jest
        .fn()
        .mockResolvedValueOnce({ tenants: [declared('reg-1', 'flaky')] })
        .mockRejectedValue(new Error('registry down')),
    };
    const steady = {
      id: 'steady',
      readTenants: jest
        .fn()
        .mockResolvedValueOnce({ tenants: [declared('st-1', 'steady')] })
        .mockResolvedValue({
          tenants: [declared('st-1', 'steady'), declared('st-2', 'steady')],
        }),
    };
    const { provider, mutations, logger } = setupWith([flaky, steady]);
    await provider.refresh();
    await expect(provider.refresh()).resolves.toMatchObject({
      tenants: 4,
      complete: true,
      mutation: 'delta',
      removed: 0,
    });
    // reg-1 is kept, so not removed; st-2 is new.
    expect(names(mutations[1])).toEqual(['st-2-monitoring']);
    expect(mutations[1]).toMatchObject({ removed: [] });
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not read tenant source flaky; keeping the 1 tenants of its last good read: Error: registry down',
    );
  });

  it('removes nothing while a source has never answered', async () => {
    const { provider, mutations } = setupWith([
      { id: 'down', readTenants: async () => Promise.reject(new Error('no')) },
    ]);
    await expect(provider.refresh()).resolves.toMatchObject({
      complete: false,
    });
    expect(mutations[0]).toMatchObject({ type: 'delta', removed: [] });
    expect(names(mutations[0])).toEqual(['team-a-monitoring']);
  });

  it('refuses tenants whose origin names another source, or that break a tenant rule', async () => {
    const { provider, mutations, logger } = setupWith([
      {
        id: 'registry',
        readTenants: async () => ({
          tenants: [
            declared('fake-config', 'config'),
            {
              origin: 'registry',
              tenant: { ...declared('bad', 'registry').tenant, id: 'a|b' },
            },
            declared('good', 'registry:eu'),
          ],
          skipped: [{ what: 'record 7', reason: 'no owner' }],
        }),
      },
    ]);
    await provider.refresh();
    expect(names(mutations[0])).toEqual([
      'good-monitoring',
      'team-a-monitoring',
    ]);
    expect(logger.warn).toHaveBeenCalledWith('Skipped record 7: no owner');
    expect(logger.warn).toHaveBeenCalledWith(
      "Skipped tenant 'fake-config' of config (eks/fake-config): its origin does not start with the id of its source, 'registry'",
    );
    expect(logger.warn).toHaveBeenCalledWith(
      "Skipped tenant 'a|b' of registry (eks/bad): source registry tenant.id: must not contain '|' (Loki's multi-tenant separator)",
    );
  });

  it('lets a factory replace the sources in place', async () => {
    const { provider, mutations } = setupWith([
      ({ getDefault }) => [
        ...getDefault().filter(s => s.id !== 'config'),
        {
          id: 'only',
          readTenants: async () => ({ tenants: [declared('solo', 'only')] }),
        },
      ],
    ]);
    await provider.refresh();
    expect(names(mutations[0])).toEqual(['solo-monitoring']);
  });

  it("refuses a source's tenant that claims an earlier tenant's namespace", async () => {
    const { provider, mutations, logger } = setupWith([
      {
        id: 'registry',
        readTenants: async () => ({
          tenants: [declared('intruder', 'registry', ['team-a'])],
        }),
      },
    ]);
    await provider.refresh();
    expect(names(mutations[0])).toEqual(['team-a-monitoring']);
    expect(logger.warn).toHaveBeenCalledWith(
      "Skipped tenant 'intruder' of registry (eks/team-a): it claims namespace 'team-a', which belongs to tenant 'team-a'",
    );
  });

  /** A source whose tenants the test changes between runs. */
  function changing(initial: ReturnType<typeof declared>[]) {
    const source = {
      tenants: initial,
      id: 'registry',
      readTenants: async () => ({ tenants: source.tenants }),
    };
    return source;
  }
  const refs = (m: EntityProviderMutation) =>
    (m.type === 'full' ? m.entities : m.added)
      .map(e => `${e.entity.kind}:${e.entity.metadata.name}`)
      .sort();
  const removedRefs = (m: EntityProviderMutation) =>
    m.type === 'delta'
      ? m.removed.map(r => ('entityRef' in r ? r.entityRef : '?')).sort()
      : [];

  it("applies only a changed tenant's entities after the first, full run", async () => {
    const registry = changing([
      declared('reg-1', 'registry'),
      declared('reg-2', 'registry'),
      declared('reg-3', 'registry'),
    ]);
    const { provider, mutations } = setupWith([registry]);
    await expect(provider.refresh()).resolves.toMatchObject({
      mutation: 'full',
      tenants: 4,
    });
    const all = refs(mutations[0]);
    registry.tenants = [
      declared('reg-1', 'registry'),
      declared('reg-2', 'registry', ['reg-2', 'reg-2-jobs']),
      declared('reg-3', 'registry'),
    ];
    const result = await provider.refresh();
    expect(mutations[1].type).toBe('delta');
    const changed = refs(mutations[1]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every(r => r.includes('reg-2'))).toBe(true);
    expect(all.filter(r => r.includes('reg-2'))).toEqual(changed);
    expect(removedRefs(mutations[1])).toEqual([]);
    // The count is of every entity, as if it had been a full run.
    expect(result).toMatchObject({
      entities: all.length,
      added: changed.length,
      removed: 0,
    });
  });

  it('removes the entities of a tenant that went, and only those', async () => {
    const registry = changing([
      declared('reg-1', 'registry'),
      declared('reg-2', 'registry'),
    ]);
    const { provider, mutations } = setupWith([registry]);
    await provider.refresh();
    const gone = mutations[0].type === 'full' ? mutations[0].entities : [];
    registry.tenants = [declared('reg-1', 'registry')];
    await provider.refresh();
    expect(mutations[1]).toMatchObject({ type: 'delta', added: [] });
    expect(removedRefs(mutations[1])).toEqual(
      gone
        .filter(e => e.entity.metadata.name.startsWith('reg-2'))
        .map(
          e =>
            `${e.entity.kind.toLowerCase()}:default/${e.entity.metadata.name}`,
        )
        .sort(),
    );
    expect(removedRefs(mutations[1]).length).toBeGreaterThan(0);
  });

  it('applies a full mutation every fullEvery runs, to heal drift', async () => {
    const { provider, mutations } = setupWith(
      [changing([declared('reg-1', 'registry')])],
      3,
    );
    for (let i = 0; i < 7; i++) await provider.refresh();
    expect(mutations.map(m => m.type)).toEqual([
      'full',
      'delta',
      'delta',
      'full',
      'delta',
      'delta',
      'full',
    ]);
  });

  it('starts with a full run once every source answered', async () => {
    let up = false;
    const flaky = {
      id: 'flaky',
      readTenants: async () => {
        if (!up) throw new Error('not yet');
        return { tenants: [declared('fl-1', 'flaky')] };
      },
    };
    const { provider, mutations } = setupWith([flaky]);
    await provider.refresh();
    // Nothing changed since the partial run, and yet this run is full: the first complete one.
    up = true;
    await provider.refresh();
    expect(mutations.map(m => m.type)).toEqual(['delta', 'full']);
    expect(names(mutations[1])).toEqual([
      'fl-1-monitoring',
      'team-a-monitoring',
    ]);
  });

  it('does not remember a run whose mutation failed', async () => {
    const registry = changing([declared('reg-1', 'registry')]);
    const logger = mockServices.logger.mock();
    const mutations: EntityProviderMutation[] = [];
    let fail = false;
    const provider = new MonitoringStackEntityProvider(
      readProviderConfig(configOnly),
      logger,
      async () => undefined,
      [registry],
    );
    await provider.connect({
      applyMutation: async m => {
        if (fail) throw new Error('database down');
        mutations.push(m);
      },
      refresh: jest.fn(),
    });
    await provider.refresh();
    registry.tenants = [
      declared('reg-1', 'registry'),
      declared('reg-2', 'registry'),
    ];
    fail = true;
    await expect(provider.refresh()).rejects.toThrow('database down');
    fail = false;
    await provider.refresh();
    expect(names(mutations[1])).toEqual(['reg-2-monitoring']);
  });
});
