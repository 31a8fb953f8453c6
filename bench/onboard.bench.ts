/**
 * Onboarding 1,000 tenants while the portal serves, on two replicas of the
 * real portal backend sharing one PostgreSQL (bench/run.mjs starts it with
 * scripts/postgres.sh), run in a fresh process by bench/run.mjs:
 *
 *   1. Both replicas start with the configuration every run uses; the
 *      Kubernetes API (a local server answering `GET /api/v1/namespaces`
 *      as the API does) lists no tenant namespace yet.
 *   2. Baseline: team-a's metrics query through replica A, as the guest
 *      user (member of team-a), 4 at a time.
 *   3. The API onboards 1,000 tenants: the Kubernetes API now lists 1,000
 *      labelled namespaces (what applying 1,000 rendered bundles gives), and
 *      the same load runs on replica A until both replicas serve all of
 *      them; then the tokens route makes each tenant's gateway token
 *      (tenant:gateway-token's call), the load still running.
 *   4. On replica B: a new tenant's token against a static token of team-a,
 *      one request at a time; then five tokens revoked on A, each polled on
 *      B until it is refused.
 */
import { loadGenerator, summary, Load } from './load';
import { fakeUpstreams } from './fakeUpstreams';
import { Portal, startPortal } from './portal';
import { startKubernetesApiServer } from '../plugins/catalog-backend-module-monitoring-stack/src/__testUtils__/kubernetesApiServer';
import { namespace } from '../plugins/catalog-backend-module-monitoring-stack/src/__testUtils__/kubernetes';

const TENANTS = 1000;
// What the guest (team-a) reads of the examples of app-config.development.yaml.
const READABLE_EXAMPLES = 1;
const STATIC_TOKEN = 'bench-static-token-of-team-a-0123456789';
const CLIENTS = 4;

const database =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

async function main() {
  if (!database) {
    throw new Error(
      'No PostgreSQL: run it through `yarn bench onboard`, which starts one with scripts/postgres.sh',
    );
  }
  const fake = fakeUpstreams();
  const upstream = await fake.listen();
  const kubernetes = await startKubernetesApiServer({
    items: [],
    list: { token: 'bench-sa-token', pageSize: 500 },
  });
  const load = loadGenerator();
  const portals: Portal[] = [];
  const config = (url: string, port: number) => ({
    backend: {
      baseUrl: url,
      listen: { port },
      database: { client: 'pg', connection: database },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: STATIC_TOKEN, subject: 'bench-grafana' },
          },
        ],
      },
    },
    catalog: {
      providers: {
        monitoringStack: {
          // ISO strings: an object would merge with app-config.yaml's { minutes: 5 }.
          schedule: {
            frequency: 'PT5S',
            timeout: 'PT3M',
            initialDelay: 'PT3S',
          },
        },
      },
    },
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'eks-shared',
              url: kubernetes.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: 'bench-sa-token',
            },
          ],
        },
      ],
    },
    monitoringStack: {
      upstreams: {
        prometheus: { url: upstream },
        thanosQuery: { url: upstream },
        alertmanager: { url: upstream },
      },
      gateway: {
        serviceTokens: [{ subject: 'bench-grafana', tenant: 'team-a' }],
      },
    },
  });
  const tenantsOf = async (p: Portal) => {
    const res = await fetch(`${p.url}/api/monitoring-stack/tenants`, {
      headers: { Authorization: `Bearer ${await p.guestToken()}` },
    });
    return res.ok ? ((await res.json()).items.length as number) : 0;
  };
  try {
    // One at a time: the first applies the migrations.
    for (let i = 0; i < 2; i++) {
      portals.push(
        await startPortal(config, async p => (await tenantsOf(p)) >= 1),
      );
    }
    const [a, b] = portals;
    const configBytes = JSON.stringify(config(a.url, 0)).length;
    const userA = { Authorization: `Bearer ${await a.guestToken()}` };
    const userB = { Authorization: `Bearer ${await b.guestToken()}` };
    const metrics = (p: Portal, tenant: string) =>
      `${p.url}/api/monitoring-stack/tenants/${tenant}/metrics/api/v1/query?query=up`;

    await load.run(metrics(a, 'team-a'), 200, CLIENTS, userA);
    const baseline = summary([
      await load.run(metrics(a, 'team-a'), 1200, CLIENTS, userA),
    ]);

    // The API onboards the tenants: their namespaces appear.
    kubernetes.setItems(
      Array.from({ length: TENANTS }, (_, i) =>
        namespace(`tenant-${i}`, `tenant-${i}`, {
          'monitoring-stack.io/owner': 'group:default/team-a',
        }),
      ),
    );
    const started = performance.now();
    const during: Load[] = [];
    const listedAt: Record<string, number> = {};
    while (Object.keys(listedAt).length < 2) {
      during.push(await load.run(metrics(a, 'team-a'), 200, CLIENTS, userA));
      for (const [name, p] of [
        ['a', a],
        ['b', b],
      ] as const) {
        if (
          !listedAt[name] &&
          (await tenantsOf(p)) >= TENANTS + READABLE_EXAMPLES
        ) {
          listedAt[name] = performance.now() - started;
        }
      }
      if (performance.now() - started > 600_000) {
        throw new Error('the tenants were not all served within 10 minutes');
      }
    }

    // Each tenant's gateway token, through the tokens route, under load.
    const tokens: Array<{ tenant: string; id: string; token: string }> = [];
    const tokenMs: number[] = [];
    let next = 0;
    const issueLane = async () => {
      while (next < TENANTS) {
        const tenant = `tenant-${next++}`;
        const t0 = performance.now();
        const res = await fetch(
          `${a.url}/api/monitoring-stack/tenants/${tenant}/tokens`,
          {
            method: 'POST',
            headers: { ...userA, 'Content-Type': 'application/json' },
            body: JSON.stringify({
              description: `grafana-${tenant} data sources`,
              rights: ['read'],
            }),
          },
        );
        if (res.status !== 201) {
          throw new Error(`${tenant}'s token: HTTP ${res.status}`);
        }
        const { id, token } = await res.json();
        tokenMs.push(performance.now() - t0);
        tokens.push({ tenant, id, token });
      }
    };
    const issuing = performance.now();
    const [underIssue] = await Promise.all([
      load.run(metrics(a, 'team-a'), 2000, CLIENTS, userA),
      Promise.all(Array.from({ length: 4 }, issueLane)),
    ]);
    const issueSeconds = (performance.now() - issuing) / 1000;
    during.push(underIssue);
    const serving = summary(during);

    // On the other replica: a new tenant's token against the static token.
    const newest = tokens[tokens.length - 1];
    const tenantHeaders = { Authorization: `Bearer ${newest.token}` };
    const staticHeaders = { Authorization: `Bearer ${STATIC_TOKEN}` };
    await load.run(metrics(b, newest.tenant), 100, 1, tenantHeaders);
    await load.run(metrics(b, 'team-a'), 100, 1, staticHeaders);
    const tenantLoads: Load[] = [];
    const staticLoads: Load[] = [];
    for (let round = 0; round < 3; round++) {
      staticLoads.push(
        await load.run(metrics(b, 'team-a'), 300, 1, staticHeaders),
      );
      tenantLoads.push(
        await load.run(metrics(b, newest.tenant), 300, 1, tenantHeaders),
      );
    }

    // Revoked on A, refused on B after at most the documented 5 s.
    const revocationMs: number[] = [];
    for (const t of tokens.slice(0, 5)) {
      const asToken = { Authorization: `Bearer ${t.token}` };
      const before = await fetch(metrics(b, t.tenant), { headers: asToken });
      if (before.status !== 200) {
        throw new Error(
          `${t.tenant}'s token before revocation: HTTP ${before.status}`,
        );
      }
      const res = await fetch(
        `${a.url}/api/monitoring-stack/tenants/${t.tenant}/tokens/${t.id}`,
        { method: 'DELETE', headers: userA },
      );
      if (!res.ok) throw new Error(`revoking ${t.id}: HTTP ${res.status}`);
      const t0 = performance.now();
      for (;;) {
        const r = await fetch(metrics(b, t.tenant), { headers: asToken });
        await r.arrayBuffer();
        if (r.status === 401) break;
        if (performance.now() - t0 > 30_000) {
          throw new Error(`${t.id} still accepted on B after 30 s`);
        }
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      revocationMs.push(performance.now() - t0);
    }
    // Replica B answers a user too (its own guest token), as a check.
    const userOnB = await fetch(metrics(b, newest.tenant), { headers: userB });
    if (userOnB.status !== 200) {
      throw new Error(`the guest on B: HTTP ${userOnB.status}`);
    }

    tokenMs.sort((x, y) => x - y);
    process.stdout.write(
      JSON.stringify({
        tenants: TENANTS,
        configBytes,
        // The configuration names none of the onboarded tenants.
        configMentions:
          JSON.stringify(config(a.url, 0)).split('tenant-').length - 1,
        listedMs: listedAt,
        baseline,
        serving,
        tokens: {
          count: tokens.length,
          perSecond: tokens.length / issueSeconds,
          p50: tokenMs[Math.floor(tokenMs.length / 2)],
        },
        tenantToken: summary(tenantLoads),
        staticToken: summary(staticLoads),
        revocationMs,
        ms: 0,
      }),
    );
  } finally {
    await load.stop();
    for (const p of portals.reverse()) await p.stop();
    await kubernetes.close();
    await fake.stop();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
