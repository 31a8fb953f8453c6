import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import proxyBackendPlugin from '@backstage/plugin-proxy-backend';
import {
  awsClientsServiceRef,
  MonitoringStackAwsClients,
  SecretsManagerTenantGrafanaCredentials,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import {
  fakeSecretsManager,
  providerTenantSystem,
} from '@tenant-monitoring/plugin-monitoring-stack-node/testUtils';
import { mockClient } from 'aws-sdk-client-mock';
import { createServer, IncomingMessage, Server } from 'node:http';
import { once } from 'node:events';
import { AddressInfo } from 'node:net';
import {
  auth,
  startGatewayBackend,
  TEST_TENANTS,
  USERS,
} from '../__testUtils__/gatewayBackend';
import {
  ATTACK_DATASET,
  freePort,
  PEER_DATA,
  RealPeers,
  startRealPeers,
  TEAM_B_MARK,
  waitFor,
} from '../__testUtils__/realPeers';

/**
 * A tenant added while the portal runs, read through the community plugins
 * with the portal's fixed configuration (as app-config.development.yaml
 * ships it): Backstage's real proxy plugin with one endpoint for Roadie's
 * Prometheus plugin (3.3: `<proxyPath>/query_range` and `/rules`, the
 * entity's service name in `x-prometheus-service-name`), the gateway's
 * Grafana reads (what `TenantGrafanaApi` gives the community Grafana
 * plugin) against a Grafana-shaped server, its service account token in
 * (aws-sdk-client-mock'd) Secrets Manager as grafana:provision stores it,
 * and a tenant token made on the tenant's page in a Grafana-shaped client.
 * The real Prometheus holds team-a's, team-b's and the new tenant's data.
 */

const ADMIN = { region: 'eu-west-1', accountId: '123456789012' };
const NEW = 'new-team';
const NEW_ALERT = 'NewTeamAlert';
const NEW_JOB = 'new-team-self';
const STORED_TOKEN = 'glsa_new_team_stored_by_provision';

const dataset = {
  jobs: [...ATTACK_DATASET.jobs, { name: NEW_JOB, labels: { namespace: NEW } }],
  rules: {
    groups: [
      ...ATTACK_DATASET.rules.groups,
      {
        name: NEW,
        rules: [
          {
            alert: NEW_ALERT,
            expr: `count by (namespace) (up{namespace="${NEW}"}) > 0`,
            for: '0s',
            labels: { namespace: NEW, severity: 'warning' },
          },
        ],
      },
    ],
  },
};

/** Grafana 11.6's `GET /api/search`, answering only the stored token. */
async function startGrafana() {
  const seen: Array<{ url: string; authorization?: string }> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    res.setHeader('Content-Type', 'application/json');
    if (req.headers.authorization !== `Bearer ${STORED_TOKEN}`) {
      res.statusCode = 401;
      res.end('{"message":"Invalid API key"}');
      return;
    }
    if (req.url?.startsWith('/api/search')) {
      res.end(
        JSON.stringify([
          {
            uid: 'svc',
            title: 'Service',
            url: '/d/svc/service',
            type: 'dash-db',
            tags: [`tenant:${NEW}`],
            folderTitle: NEW,
            folderUrl: `/dashboards/f/${NEW}/`,
          },
        ]),
      );
      return;
    }
    res.statusCode = 404;
    res.end('{"message":"Not found"}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, server };
}

const secretsMock = mockClient(SecretsManagerClient);
const secrets = fakeSecretsManager(ADMIN);
const secretsClient = (region: string) =>
  new SecretsManagerClient({
    region,
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' },
  });
const awsClients = {
  secretsManager: async ({ region }: { region: string }) =>
    secretsClient(region),
} as MonitoringStackAwsClients;

let peers: RealPeers;
let grafana: Awaited<ReturnType<typeof startGrafana>>;
let base: string;
const entities: Entity[] = [...TEST_TENANTS];

beforeAll(async () => {
  secretsMock.on(GetSecretValueCommand).callsFake(secrets.getSecretValue);
  secretsMock.on(PutSecretValueCommand).callsFake(secrets.putSecretValue);
  secretsMock.on(CreateSecretCommand).callsFake(secrets.createSecret);
  grafana = await startGrafana();
  peers = await startRealPeers(dataset);
  const port = await freePort();
  base = `http://127.0.0.1:${port}/api`;
  await startGatewayBackend({
    metrics: peers.prometheusUrl,
    alertmanager: peers.alertmanagerUrl,
    entities,
    backend: { listen: { host: '127.0.0.1', port } },
    config: { admin: ADMIN },
    // The app's whole community-plugin configuration, for every tenant.
    root: {
      proxy: {
        endpoints: {
          '/prometheus/api': {
            target: `${base}/monitoring-stack/community/prometheus`,
            credentials: 'forward',
            allowedHeaders: ['x-prometheus-service-name'],
          },
        },
      },
    },
    features: [
      proxyBackendPlugin,
      createServiceFactory({
        service: awsClientsServiceRef,
        deps: {},
        factory: () => awsClients,
      }),
    ],
  });
  await waitFor(
    `${NEW}'s alert in Prometheus`,
    async () => {
      const res = await fetch(`${peers.prometheusUrl}/api/v1/alerts`);
      return (await res.text()).includes(NEW_ALERT) || undefined;
    },
    30_000,
  );
}, 90_000);
afterAll(async () => {
  secretsMock.restore();
  grafana?.server.close();
  await peers?.stop();
});

/** What Roadie's Prometheus plugin sends through the app's proxy. */
const roadie = (user: string, tenant: string | undefined, path: string) =>
  fetch(`${base}/proxy/prometheus/api${path}`, {
    headers: {
      Authorization: auth.user(user),
      ...(tenant === undefined ? {} : { 'x-prometheus-service-name': tenant }),
    },
  });

const rangeOfUp = () => {
  const end = Math.floor(Date.now() / 1000);
  return `/query_range?query=up&start=${end - 60}&end=${end}&step=14`;
};

describe('a tenant added while the portal runs, through the community plugins', () => {
  it('is refused while the catalog does not have it, then served within the tenant directory refresh (30 s)', async () => {
    const before = await roadie(USERS.dana, NEW, rangeOfUp());
    expect(before.status).toBe(403);

    // The tenant's System arrives, as the catalog module emits it for
    // labelled namespaces; its Grafana token is where grafana:provision
    // stores it. Nothing in the configuration changes.
    entities.push(
      providerTenantSystem(NEW, {
        namespaces: [`eks/${NEW}`],
        annotations: { 'monitoring-stack.io/grafana-url': grafana.url },
      }),
    );
    await SecretsManagerTenantGrafanaCredentials.fromConfig(
      new ConfigReader({ monitoringStack: { admin: ADMIN } }),
      { awsClients },
    ).storeServiceAccountToken(NEW, STORED_TOKEN);

    const res = await waitFor(
      `${NEW} in the tenant directory`,
      async () => {
        const r = await roadie(USERS.dana, NEW, rangeOfUp());
        return r.status === 200 ? r : undefined;
      },
      40_000,
    );
    const body = await res.json();
    const namespaces = new Set(
      body.data.result.map(
        (s: { metric: Record<string, string> }) => s.metric.namespace,
      ),
    );
    expect([...namespaces]).toEqual([NEW]);
  }, 60_000);

  it("Roadie's alert card gets the new tenant's alert rules only", async () => {
    const res = await roadie(USERS.dana, NEW, '/rules?type=alert');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(NEW_ALERT);
    expect(text).not.toContain(PEER_DATA.alerts.teamA);
    expect(text).not.toMatch(TEAM_B_MARK);
  });

  it("Roadie's plugin asking for another tenant is refused, and a bad or missing service name is a 400 naming the header", async () => {
    expect((await roadie(USERS.dana, 'team-a', rangeOfUp())).status).toBe(403);
    expect((await roadie(USERS.alice, NEW, rangeOfUp())).status).toBe(403);
    for (const bad of [undefined, '*', '..', 'a/b']) {
      const res = await roadie(USERS.dana, bad, rangeOfUp());
      expect([bad, res.status]).toEqual([bad, 400]);
      expect((await res.json()).error.message).toContain(
        'x-prometheus-service-name',
      );
    }
    // An admin reads it as that tenant: its data only.
    const admin = await roadie(USERS.admin, 'team-a', rangeOfUp());
    const text = await admin.text();
    expect(admin.status).toBe(200);
    expect(text).toContain('team-a');
    expect(text).not.toMatch(TEAM_B_MARK);
  });

  it("the Grafana plugin's reads reach the new tenant's Grafana with its stored token, and its setup names the address", async () => {
    const setup = await fetch(`${base}/monitoring-stack/tenants/${NEW}/setup`, {
      headers: { Authorization: auth.user(USERS.dana) },
    });
    expect(await setup.json()).toMatchObject({
      grafanaUrl: grafana.url,
      parts: { grafana: { configured: true } },
    });
    const search = await fetch(
      `${base}/monitoring-stack/tenants/${NEW}/grafana/api/search?type=dash-db&limit=1000&page=0`,
      { headers: { Authorization: auth.user(USERS.dana) } },
    );
    expect(search.status).toBe(200);
    expect(await search.json()).toEqual([
      expect.objectContaining({ uid: 'svc', title: 'Service' }),
    ]);
    expect(grafana.seen.at(-1)).toEqual({
      url: '/api/search?type=dash-db&limit=1000&page=0',
      authorization: `Bearer ${STORED_TOKEN}`,
    });
    const refused = await fetch(
      `${base}/monitoring-stack/tenants/${NEW}/grafana/api/search`,
      { headers: { Authorization: auth.user(USERS.alice) } },
    );
    expect(refused.status).toBe(403);
  });

  it("a token made on the new tenant's page reads its metrics from a Grafana-shaped client", async () => {
    const made = await fetch(`${base}/monitoring-stack/tenants/${NEW}/tokens`, {
      method: 'POST',
      headers: {
        Authorization: auth.user(USERS.dana),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ description: 'Grafana', rights: ['read'] }),
    });
    expect(made.status).toBe(201);
    const { token } = (await made.json()) as { token: string };
    const res = await fetch(
      `${base}/monitoring-stack/tenants/${NEW}/metrics/api/v1/query?query=up`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(NEW_JOB);
    expect(text).not.toContain(PEER_DATA.jobs.teamA);
    expect(text).not.toMatch(TEAM_B_MARK);
  });
});
