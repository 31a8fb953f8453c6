/**
 * The alerts and the admin overview at 1,000 tenants, through the full path
 * (the real portal backend: auth, permission policy, catalog), run in a
 * fresh process by bench/run.mjs. Prometheus, Alertmanager, Loki and each
 * tenant's Grafana are one fake HTTP server answering their API shapes
 * (empty rule groups and alerts, ready), which counts the calls it gets.
 *
 *   alerts: GET /tenants/tenant-0/alerts, once to fill the cache, then one
 *   request at a time while the cache is warm: p50/p95, and the upstream
 *   calls the warm requests made.
 *   overview: GET /overview as an admin (the guest user is made an admin
 *   here), cold (every cache empty) and warm; time and upstream calls.
 */
import { loadGenerator, summary } from './load';
import { fakeUpstreams } from './fakeUpstreams';
import { Portal, startPortal } from './portal';

const TENANTS = 1000;

async function main() {
  const fake = fakeUpstreams();
  const upstream = await fake.listen();
  const load = loadGenerator();
  let portal: Portal | undefined;
  try {
    portal = await startPortal(
      (url, port) => ({
        backend: { baseUrl: url, listen: { port } },
        auth: {
          providers: {
            guest: {
              userEntityRef: 'user:default/admin',
              dangerouslyAllowOutsideDevelopment: true,
            },
          },
        },
        catalog: {
          providers: {
            monitoringStack: {
              schedule: {
                frequency: { minutes: 30 },
                timeout: { minutes: 5 },
                initialDelay: { seconds: 1 },
              },
            },
          },
        },
        monitoringStack: {
          upstreams: {
            prometheus: { url: upstream },
            thanosQuery: { url: upstream },
            alertmanager: { url: upstream },
            loki: { url: upstream },
          },
          tenants: Array.from({ length: TENANTS }, (_, i) => ({
            id: `tenant-${i}`,
            title: `Tenant ${i}`,
            owner: `group:default/${i % 2 ? 'team-b' : 'team-a'}`,
            namespaces: { 'eks-shared': [`tenant-${i}`] },
            grafanaUrl: `${upstream}/g/tenant-${i}`,
          })),
        },
      }),
      // Ready once the gateway knows every tenant.
      async p => {
        const res = await fetch(`${p.url}/api/monitoring-stack/tenants`, {
          headers: { Authorization: `Bearer ${await p.guestToken()}` },
        });
        return res.ok && (await res.json()).items.length === TENANTS;
      },
    );
    const headers = { Authorization: `Bearer ${await portal.guestToken()}` };
    const api = `${portal.url}/api/monitoring-stack`;

    const timed = async (url: string) => {
      const t0 = performance.now();
      const res = await fetch(url, { headers });
      const body = await res.json();
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      return { ms: performance.now() - t0, body };
    };

    // Overview, cold: every alert and health cache is empty.
    fake.reset();
    const cold = await timed(`${api}/overview`);
    const coldCalls = fake.total();
    const coldByPath = fake.byPath();
    // Warm: within the caches' time (alerts 15 s, health 10 s).
    fake.reset();
    const warmRuns = [];
    for (let i = 0; i < 3; i++)
      warmRuns.push((await timed(`${api}/overview`)).ms);
    const warmCalls = fake.total();

    // Alerts of one tenant: once to fill the cache, then warm.
    const alertsUrl = `${api}/tenants/tenant-0/alerts`;
    await timed(alertsUrl);
    fake.reset();
    await load.run(alertsUrl, 50, 1, headers);
    const alerts = summary([await load.run(alertsUrl, 300, 1, headers)]);
    const alertsCalls = fake.total();

    process.stdout.write(
      JSON.stringify({
        tenants: TENANTS,
        overview: {
          items: cold.body.items.length,
          coldMs: cold.ms,
          coldCalls,
          coldByPath,
          warmMs: Math.min(...warmRuns),
          warmCallsPerRun: warmCalls / warmRuns.length,
        },
        alerts: { ...alerts, requests: 350, upstreamCalls: alertsCalls },
      }),
    );
  } finally {
    await load.stop();
    await portal?.stop();
    await fake.stop();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
