import { mockServices } from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { SERVICEACCOUNT_CA_PATH } from '@backstage/plugin-kubernetes-common';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { namespace } from '../__testUtils__/kubernetes';
import {
  createTestCa,
  startKubernetesApiServer,
  TestCa,
  TestKubernetesApiServer,
} from '../__testUtils__/kubernetesApiServer';
import {
  KubernetesCluster,
  KubernetesTlsError,
  kubernetesClusterTokens,
} from '../lib/kubernetesClient';
import { readProviderConfig } from '../providers/config';
import { MonitoringStackEntityProvider } from '../providers/MonitoringStackEntityProvider';
import { KubernetesTenantSource } from './kubernetesTenantSource';

jest.setTimeout(30_000);

const TOKEN = 'tok-eks';
const ITEMS = [
  namespace('team-b', 'team-b'),
  namespace('web', 'web'),
  namespace('api', 'api'),
  // Not labelled: the label selector leaves it out.
  {
    metadata: {
      name: 'kube-system',
      labels: { 'kubernetes.io/metadata.name': 'kube-system' },
    },
  },
];

let ca: TestCa;
let server: TestKubernetesApiServer;
let dir: string;

beforeAll(async () => {
  ca = createTestCa('eks cluster CA');
  server = await startKubernetesApiServer({
    items: ITEMS,
    tls: ca.sign({ dns: ['localhost'], ips: ['127.0.0.1'] }),
    list: { pageSize: 2, token: TOKEN },
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monitoring-stack-k8s-'));
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.requests.length = 0;
  server.setItems(ITEMS);
  server.setHanging(false);
});

function cluster(extra: Partial<KubernetesCluster> = {}): KubernetesCluster {
  return {
    name: 'eks',
    url: server.url,
    authMetadata: {
      'kubernetes.io/auth-provider': 'serviceAccount',
      serviceAccountToken: TOKEN,
    },
    ...extra,
  };
}

function source(c: KubernetesCluster, timeoutMs = 5000) {
  return new KubernetesTenantSource({
    cluster: c,
    tokens: kubernetesClusterTokens(new ConfigReader({})),
    timeoutMs,
  });
}

const ids = (
  read: Awaited<ReturnType<KubernetesTenantSource['readTenants']>>,
) => read.tenants.map(t => t.tenant.id).sort();

function writeFile(name: string, content: string) {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

describe('KubernetesTenantSource against an HTTPS API server', () => {
  it('reads the tenants with the CA as caData, paging with the label selector', async () => {
    const read = await source(cluster({ caData: ca.caData })).readTenants();
    expect(ids(read)).toEqual(['api', 'team-b', 'web']);
    expect(read.tenants[0].origin).toBe('kubernetes:eks');
    expect(
      server.requests.map(u => [
        u.pathname,
        u.searchParams.get('labelSelector'),
        u.searchParams.get('limit'),
        u.searchParams.get('continue'),
      ]),
    ).toEqual([
      ['/api/v1/namespaces', 'monitoring-stack.io/tenant', '500', null],
      ['/api/v1/namespaces', 'monitoring-stack.io/tenant', '500', '2'],
    ]);
  });

  it('reads the tenants with the CA as caFile', async () => {
    const caFile = writeFile('ca.crt', ca.certPem);
    const read = await source(cluster({ caFile })).readTenants();
    expect(ids(read)).toEqual(['api', 'team-b', 'web']);
  });

  it('reads the tenants without a CA when told to skip TLS verification', async () => {
    const read = await source(cluster({ skipTLSVerify: true })).readTenants();
    expect(ids(read)).toEqual(['api', 'team-b', 'web']);
  });

  it('fails with a TLS error, naming the cluster, without the CA', async () => {
    const failure = source(cluster()).readTenants();
    await expect(failure).rejects.toThrow(
      /^Could not read tenant namespaces of cluster eks; caused by KubernetesTlsError: TLS verification of the API server of cluster eks failed \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY): .+\); give the cluster's CA as caData \(base64 PEM\) or caFile$/,
    );
    const cause = await failure.catch(e => e.cause);
    expect(cause).toBeInstanceOf(KubernetesTlsError);
    expect(server.requests).toEqual([]);
  });

  it("fails with a TLS error when the CA is another cluster's", async () => {
    const other = createTestCa('another CA');
    await expect(
      source(cluster({ caData: other.caData })).readTenants(),
    ).rejects.toThrow(/KubernetesTlsError: TLS verification/);
  });

  it('names a CA file it cannot read', async () => {
    const caFile = path.join(dir, 'missing', 'ca.crt');
    await expect(source(cluster({ caFile })).readTenants()).rejects.toThrow(
      `the CA file ${caFile} of cluster eks could not be read (ENOENT)`,
    );
  });

  it('names the HTTP status of a refused token', async () => {
    await expect(
      source(
        cluster({
          caData: ca.caData,
          authMetadata: {
            'kubernetes.io/auth-provider': 'serviceAccount',
            serviceAccountToken: 'wrong',
          },
        }),
      ).readTenants(),
    ).rejects.toThrow(/cluster eks answered HTTP 401: Unauthorized$/);
  });

  it('gives up on a page that does not answer within the timeout', async () => {
    server.setHanging(true);
    const started = Date.now();
    await expect(
      source(cluster({ caData: ca.caData }), 300).readTenants(),
    ).rejects.toThrow(/cluster eks did not answer within 300 ms$/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("reads the pod's own cluster with the pod's CA for a serviceAccount cluster without a token", async () => {
    const prefix = path.join(dir, 'pod');
    writeFile(path.join('pod', SERVICEACCOUNT_CA_PATH), ca.certPem);
    const env = { ...process.env };
    process.env.KUBERNETES_SERVICE_HOST = '127.0.0.1';
    process.env.KUBERNETES_SERVICE_PORT = String(server.port);
    try {
      const read = await new KubernetesTenantSource({
        cluster: {
          name: 'in-cluster',
          // The pod's cluster wins, as in the Kubernetes plugin.
          url: 'https://kubernetes.default.svc.invalid',
          authMetadata: { 'kubernetes.io/auth-provider': 'serviceAccount' },
        },
        tokens: async () => TOKEN,
        timeoutMs: 5000,
        inClusterPathPrefix: prefix,
      }).readTenants();
      expect(ids(read)).toEqual(['api', 'team-b', 'web']);
    } finally {
      process.env = env;
    }
  });
});

describe('KubernetesTenantSource against kubectl proxy (plain HTTP, no token)', () => {
  it('reads the tenants anonymously', async () => {
    const proxy = await startKubernetesApiServer({ items: ITEMS });
    try {
      const c: KubernetesCluster = {
        name: 'local',
        url: proxy.url,
        authMetadata: { 'kubernetes.io/auth-provider': 'localKubectlProxy' },
      };
      expect(await kubernetesClusterTokens(new ConfigReader({}))(c)).toBe(
        undefined,
      );
      expect(ids(await source(c).readTenants())).toEqual([
        'api',
        'team-b',
        'web',
      ]);
    } finally {
      await proxy.close();
    }
  });
});

describe('the provider with a cluster whose certificate stops verifying', () => {
  it('logs the TLS error and keeps the tenants of the last good read', async () => {
    const caFile = writeFile('rotating-ca.crt', ca.certPem);
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'eks',
                url: server.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: TOKEN,
                caFile,
              },
            ],
          },
        ],
      },
      catalog: { providers: { monitoringStack: { requestTimeoutMs: 5000 } } },
    });
    const logger = mockServices.logger.mock();
    // What the catalog holds after each mutation, full or delta.
    const catalog = new Map<string, string>();
    const provider = new MonitoringStackEntityProvider(
      readProviderConfig(config),
      logger,
      kubernetesClusterTokens(config),
    );
    await provider.connect({
      applyMutation: async (m: EntityProviderMutation) => {
        if (m.type === 'full') catalog.clear();
        const added = m.type === 'full' ? m.entities : m.added;
        for (const { entity } of added) {
          catalog.set(stringifyEntityRef(entity), entity.metadata.name);
        }
        if (m.type === 'delta') {
          for (const r of m.removed) {
            catalog.delete(
              'entityRef' in r ? r.entityRef : stringifyEntityRef(r.entity),
            );
          }
        }
      },
      refresh: jest.fn(),
    });
    const systems = () =>
      [...catalog.values()].filter(n => n.endsWith('-monitoring')).sort();

    await expect(provider.refresh()).resolves.toMatchObject({
      tenants: 3,
      complete: true,
    });
    expect(systems()).toEqual([
      'api-monitoring',
      'team-b-monitoring',
      'web-monitoring',
    ]);

    // The file no longer holds the cluster's CA: nothing verifies it.
    fs.writeFileSync(caFile, createTestCa('not the cluster CA').certPem);
    await expect(provider.refresh()).resolves.toMatchObject({
      tenants: 3,
      complete: true,
    });
    expect(systems()).toEqual([
      'api-monitoring',
      'team-b-monitoring',
      'web-monitoring',
    ]);
    expect(logger.warn).toHaveBeenLastCalledWith(
      expect.stringMatching(
        /^Could not read tenant source kubernetes; keeping the 3 tenants of its last good read: .*Could not read tenant namespaces of cluster eks; caused by KubernetesTlsError: TLS verification of the API server of cluster eks failed/,
      ),
    );
  });
});

describe("a namespace that names its tenant's Grafana", () => {
  /** A namespace whose owners point the backend's Grafana token at the instance metadata address. */
  const HOSTILE = namespace('team-b', 'team-b', {
    'monitoring-stack.io/grafana-url':
      'http://169.254.169.254/latest/meta-data',
  });

  /** The Grafana URL of each tenant System the provider emits, by tenant. */
  async function emittedGrafanaUrls(monitoringStack: object) {
    server.setItems([HOSTILE, namespace('web', 'web')]);
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'eks',
                url: server.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: TOKEN,
                caData: ca.caData,
              },
            ],
          },
        ],
      },
      monitoringStack,
    });
    const logger = mockServices.logger.mock();
    const urls = new Map<string, string | undefined>();
    const provider = new MonitoringStackEntityProvider(
      readProviderConfig(config),
      logger,
      kubernetesClusterTokens(config),
    );
    await provider.connect({
      applyMutation: async (m: EntityProviderMutation) => {
        const added = m.type === 'full' ? m.entities : m.added;
        for (const { entity } of added) {
          if (entity.kind !== 'System') continue;
          urls.set(
            entity.metadata.name,
            entity.metadata.annotations?.['monitoring-stack.io/grafana-url'],
          );
        }
      },
      refresh: jest.fn(),
    });
    await provider.refresh();
    return { urls, logger };
  }

  it("takes the URL from the platform's pattern and refuses a namespace that names another", async () => {
    const { urls, logger } = await emittedGrafanaUrls({
      tenantGrafanaUrl: 'https://grafana.{tenant}.example.com',
    });
    expect(urls.get('web-monitoring')).toBe('https://grafana.web.example.com');
    expect(urls.has('team-b-monitoring')).toBe(false);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        "monitoring-stack.io/grafana-url: a namespace may not choose its tenant's Grafana URL; the platform's monitoringStack.tenantGrafanaUrl gives 'https://grafana.team-b.example.com', got 'http://169.254.169.254/latest/meta-data'",
      ),
    );
  });

  it('gives no Grafana without a pattern, and refuses the annotation', async () => {
    const { urls } = await emittedGrafanaUrls({});
    expect(urls.has('web-monitoring')).toBe(true);
    expect(urls.get('web-monitoring')).toBeUndefined();
    expect(urls.has('team-b-monitoring')).toBe(false);
  });
});
