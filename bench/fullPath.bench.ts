/**
 * The gateway the way users meet it, run in a fresh process by bench/run.mjs:
 * the real portal backend (packages/backend, app-config.yaml plus a
 * generated config: in-memory SQLite, the example tenants in the catalog,
 * the permission policy) in front of a real Prometheus, against the same
 * Prometheus queried directly in the same run.
 *
 *   latency and throughput: a one-series query (`up` of team-a), with a
 *   static service token (backend.auth.externalAccess, granted team-a by
 *   monitoringStack.gateway.serviceTokens), with the guest user's token
 *   (a member of team-a: the permission policy's owner condition) and with
 *   a tenant access token the guest made, at 1, 16 and 64 concurrent
 *   clients, rounds alternating direct, static, user, tenant token.
 *
 *   memory: the backend's RSS while one client streams a query_range answer
 *   of at least 50 MB through it.
 */
import {
  enforcePromQL,
  peersPortalConfig,
  startRealPeers,
  waitForPeerData,
} from '@tenant-monitoring/plugin-monitoring-stack-backend/testUtils';
import {
  DEFAULT_RETENTION,
  TenantRef,
  tenantMatcher,
} from '../plugins/monitoring-stack-common/src';
import { Load, loadGenerator, summary } from './load';
import { Portal, startPortal } from './portal';

const TEAM_A: TenantRef = {
  id: 'team-a',
  title: 'Team A',
  entityRef: 'system:default/team-a-monitoring',
  owner: 'group:default/team-a',
  namespaces: ['team-a', 'team-a-jobs'],
  namespacesByCluster: { eks: ['team-a', 'team-a-jobs'] },
  seriesLabel: 'namespace',
  snsTopicArns: [],
  retention: DEFAULT_RETENTION,
};
const MATCHER = tenantMatcher(TEAM_A);
const STATIC_TOKEN = 'bench-static-token-for-team-a-grafana';
const QUERY = 'up';
const BIG_ANSWER_BYTES = 50 * 1024 * 1024;

async function main() {
  const peers = await startRealPeers();
  let portal: Portal | undefined;
  const load = loadGenerator();
  try {
    const gateway = (url: string) =>
      `${url}/api/monitoring-stack/tenants/team-a/metrics`;
    const staticHeaders = { Authorization: `Bearer ${STATIC_TOKEN}` };
    portal = await startPortal(
      (url, port) => ({
        backend: {
          baseUrl: url,
          listen: { port },
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token: STATIC_TOKEN, subject: 'bench-grafana' },
              },
            ],
          },
        },
        ...peersPortalConfig(peers),
        monitoringStack: {
          ...peersPortalConfig(peers).monitoringStack,
          gateway: {
            serviceTokens: [{ subject: 'bench-grafana', tenant: 'team-a' }],
          },
        },
      }),
      // Ready once both tokens get team-a's answer through the gateway.
      async p => {
        const q = `${gateway(p.url)}/api/v1/query?query=${QUERY}`;
        const user = await p.guestToken();
        const [a, b] = await Promise.all([
          fetch(q, { headers: staticHeaders }),
          fetch(q, { headers: { Authorization: `Bearer ${user}` } }),
        ]);
        return a.status === 200 && b.status === 200;
      },
    );
    await waitForPeerData(peers);
    const userHeaders = {
      Authorization: `Bearer ${await portal.guestToken()}`,
    };
    // A tenant access token of team-a, made by the guest (an owner of team-a).
    const made = await fetch(
      `${portal.url}/api/monitoring-stack/tenants/team-a/tokens`,
      {
        method: 'POST',
        headers: { ...userHeaders, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          description: 'bench',
          rights: ['read'],
          expiresInDays: 1,
        }),
      },
    );
    if (made.status !== 201) {
      throw new Error(`making a tenant token: HTTP ${made.status}`);
    }
    const tenantHeaders = {
      Authorization: `Bearer ${
        ((await made.json()) as { token: string }).token
      }`,
    };
    const direct = `${peers.prometheusUrl}/api/v1/query?${new URLSearchParams({
      query: enforcePromQL(QUERY, MATCHER),
    })}`;
    const viaGateway = `${gateway(
      portal.url,
    )}/api/v1/query?${new URLSearchParams({ query: QUERY })}`;
    const answer = await (
      await fetch(viaGateway, { headers: staticHeaders })
    ).json();
    const series = answer.data.result.length;

    const rows = [];
    for (const [concurrency, requests, rounds] of [
      [1, 400, 3],
      [16, 1600, 3],
      [64, 3200, 3],
    ]) {
      // Warm up each side: connections, JIT, the decision caches.
      await load.run(direct, 100, concurrency);
      await load.run(viaGateway, 100, concurrency, staticHeaders);
      await load.run(viaGateway, 100, concurrency, userHeaders);
      await load.run(viaGateway, 100, concurrency, tenantHeaders);
      const loads: Record<'direct' | 'static' | 'user' | 'tenant', Load[]> = {
        direct: [],
        static: [],
        user: [],
        tenant: [],
      };
      for (let r = 0; r < rounds; r++) {
        loads.direct.push(await load.run(direct, requests, concurrency));
        loads.static.push(
          await load.run(viaGateway, requests, concurrency, staticHeaders),
        );
        loads.user.push(
          await load.run(viaGateway, requests, concurrency, userHeaders),
        );
        loads.tenant.push(
          await load.run(viaGateway, requests, concurrency, tenantHeaders),
        );
      }
      rows.push({
        concurrency,
        requests: requests * rounds,
        direct: summary(loads.direct),
        static: summary(loads.static),
        user: summary(loads.user),
        tenant: summary(loads.tenant),
      });
    }

    const memory = await streamBigAnswer(
      portal,
      gateway(portal.url),
      staticHeaders,
    );
    process.stdout.write(
      JSON.stringify({ query: QUERY, series, rows, memory }),
    );
  } finally {
    await load.stop();
    await portal?.stop();
    await peers.stop();
  }
}

/**
 * A query_range answer of every series of team-a over the last minute, with
 * a step small enough for at least 50 MB, streamed through the gateway by
 * one client while the backend's RSS is sampled.
 */
async function streamBigAnswer(
  portal: Portal,
  gatewayUrl: string,
  headers: Record<string, string>,
) {
  const end = Math.floor(Date.now() / 1000);
  const start = end - 60;
  const url = (step: number) =>
    `${gatewayUrl}/api/v1/query_range?${new URLSearchParams({
      query: '{__name__=~".+"}',
      start: String(start),
      end: String(end),
      step: String(step),
    })}`;
  // Bytes a point, from an answer of 61 points a series.
  const small = (await (await fetch(url(1), { headers })).arrayBuffer())
    .byteLength;
  // Prometheus answers at most 11,000 points a series.
  const points = Math.min(
    11_000,
    Math.ceil((BIG_ANSWER_BYTES * 1.1 * 61) / small),
  );
  // Rounded up to the millisecond the URL carries: rounded down, the step
  // could ask for more points than Prometheus answers (HTTP 400).
  const step = Math.max(Math.ceil((60 / points) * 1000) / 1000, 0.001);
  global.gc?.();
  const before = await portal.rssMb();
  let peak = before;
  const sampler = setInterval(() => {
    portal.rssMb().then(
      mb => (peak = Math.max(peak, mb)),
      () => undefined,
    );
  }, 10);
  const t0 = performance.now();
  let bytes = 0;
  try {
    const res = await fetch(url(step), { headers });
    if (res.status !== 200)
      throw new Error(`query_range: HTTP ${res.status}: ${await res.text()}`);
    for await (const chunk of res.body!) {
      bytes += (chunk as Uint8Array).byteLength;
    }
  } finally {
    clearInterval(sampler);
  }
  const ms = performance.now() - t0;
  peak = Math.max(peak, await portal.rssMb());
  return {
    bytes,
    ms,
    rssBeforeMb: before,
    rssPeakMb: peak,
    growthMb: peak - before,
  };
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
