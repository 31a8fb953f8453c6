/**
 * A bounded soak through the full path: 32 clients for 60 s on loopback,
 * mixing metrics (a real Prometheus), logs (a fake Loki answering
 * `/loki/api/v1/query_range` as Loki documents it), alerts and silences (a
 * real Alertmanager), all through the gateway on startTestBackend. Zero
 * errors; reports p50/p99 and the RSS of the process at start and end.
 */
import http from 'node:http';
import { once } from 'node:events';
import { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
// Fault tests run as their own step (scripts/test.sh), not as *.test.ts.
// eslint-disable-next-line no-restricted-imports
import {
  auth,
  startGatewayBackend,
  USERS,
} from '../__testUtils__/gatewayBackend';
// eslint-disable-next-line no-restricted-imports
import { startRealPeers, waitForPeerData } from '../__testUtils__/realPeers';

const SOAK_MS = 60_000;
const CLIENTS = 32;

jest.setTimeout(SOAK_MS + 120_000);

/** Loki's query_range answer (https://grafana.com/docs/loki/latest/reference/loki-http-api/). */
function startFakeLoki() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://loki');
    const tenant = req.headers['x-scope-orgid'];
    if (!tenant) {
      res.writeHead(401, { 'Content-Type': 'text/plain' });
      res.end('no org id');
      return;
    }
    let body: unknown;
    if (url.pathname === '/loki/api/v1/query_range') {
      const now = BigInt(Date.now()) * 1_000_000n;
      body = {
        status: 'success',
        data: {
          resultType: 'streams',
          result: [
            {
              stream: { namespace: 'team-a', app: 'api' },
              values: Array.from({ length: 20 }, (_, i) => [
                String(now - BigInt(i) * 1_000_000_000n),
                `level=info msg="request ${i}" tenant=${tenant}`,
              ]),
            },
          ],
          stats: { summary: { totalEntriesReturned: 20 } },
        },
      };
    } else if (url.pathname.includes('rules')) {
      body = { status: 'success', data: { groups: [] } };
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('404 page not found');
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  });
  server.listen(0, '127.0.0.1');
  return server;
}

type Call = { method: string; path: string; body?: unknown };

describe('soak', () => {
  it(`${CLIENTS} clients for ${
    SOAK_MS / 1000
  } s: zero errors, flat memory`, async () => {
    const peers = await startRealPeers();
    const loki = startFakeLoki();
    await once(loki, 'listening');
    let backend: Awaited<ReturnType<typeof startGatewayBackend>> | undefined;
    try {
      backend = await startGatewayBackend({
        metrics: peers.prometheusUrl,
        alertmanager: peers.alertmanagerUrl,
        loki: `http://127.0.0.1:${(loki.address() as AddressInfo).port}`,
      });
      await waitForPeerData(peers);
      const port = (backend.server.address() as AddressInfo).port;
      const headers = { Authorization: auth.user(USERS.alice) };
      const t = '/api/monitoring-stack/tenants/team-a';

      const read = (path: string): Call => ({ method: 'GET', path: t + path });
      const mix: Array<() => Call> = [
        () => read('/metrics/api/v1/query?query=up'),
        () =>
          read(
            '/metrics/api/v1/query?query=sum%20by%20(job)%20(rate(prometheus_http_requests_total%5B1m%5D))',
          ),
        () => {
          const end = Math.floor(Date.now() / 1000);
          return read(
            `/metrics/api/v1/query_range?query=up&start=${
              end - 60
            }&end=${end}&step=5`,
          );
        },
        () => read('/metrics/api/v1/rules'),
        () =>
          read(
            `/logs/loki/api/v1/query_range?query=${encodeURIComponent(
              '{app="api"} |= "request"',
            )}&limit=20`,
          ),
        () => read('/alertmanager/api/v2/alerts'),
        () => read('/alerts'),
        () => read('/alertmanager/api/v2/silences'),
      ];

      const latencies: number[] = [];
      const errors: string[] = [];
      const byKind = new Map<string, number>();

      const send = (agent: http.Agent, call: Call) => {
        const started = performance.now();
        return new Promise<{ status: number; body: string }>(resolve => {
          const payload = call.body ? JSON.stringify(call.body) : undefined;
          const req = http.request(
            {
              host: '127.0.0.1',
              port,
              path: call.path,
              method: call.method,
              agent,
              headers: {
                ...headers,
                ...(payload ? { 'Content-Type': 'application/json' } : {}),
              },
            },
            res => {
              const chunks: Buffer[] = [];
              res.on('data', c => chunks.push(c));
              res.on('end', () => {
                latencies.push(performance.now() - started);
                resolve({
                  status: res.statusCode ?? 0,
                  body: Buffer.concat(chunks).toString(),
                });
              });
              res.on('error', e => resolve({ status: 0, body: e.message }));
            },
          );
          req.on('error', e => resolve({ status: 0, body: e.message }));
          req.end(payload);
        });
      };

      const check = (kind: string, r: { status: number; body: string }) => {
        byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
        if (r.status < 200 || r.status >= 300)
          errors.push(`${kind}: ${r.status} ${r.body.slice(0, 200)}`);
      };

      const silenceRoundTrip = async (agent: http.Agent) => {
        const now = Date.now();
        const created = await send(agent, {
          method: 'POST',
          path: `${t}/alertmanager/api/v2/silences`,
          body: {
            matchers: [
              {
                name: 'namespace',
                value: 'team-a',
                isRegex: false,
                isEqual: true,
              },
              {
                name: 'alertname',
                value: 'TeamAAlert',
                isRegex: false,
                isEqual: true,
              },
            ],
            startsAt: new Date(now).toISOString(),
            endsAt: new Date(now + 3600_000).toISOString(),
            createdBy: 'soak',
            comment: 'soak test',
          },
        });
        check('silence create', created);
        if (created.status !== 200) return;
        const id = JSON.parse(created.body).silenceID;
        check(
          'silence expire',
          await send(agent, {
            method: 'DELETE',
            path: `${t}/alertmanager/api/v2/silence/${id}`,
          }),
        );
      };

      const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20);
      // The heap after a full collection: what is really kept.
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      const heap = () => {
        gc();
        return Math.round(process.memoryUsage().heapUsed / 2 ** 20);
      };
      // Warm-up, so that the start is measured with everything loaded.
      const warm = new http.Agent({ keepAlive: true });
      for (const m of mix) check('warm-up', await send(warm, m()));
      await silenceRoundTrip(warm);
      warm.destroy();
      errors.length = 0;
      latencies.length = 0;
      byKind.clear();

      const heapStart = heap();
      const rssStart = rss();
      const samples: number[] = [rssStart];
      const sampler = setInterval(() => samples.push(rss()), 10_000);
      const deadline = Date.now() + SOAK_MS;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
          for (let i = 0; Date.now() < deadline; i++) {
            if ((i + client) % 25 === 0) {
              await silenceRoundTrip(agent);
            } else {
              const k = (i + client) % mix.length;
              check(`mix ${k}`, await send(agent, mix[k]()));
            }
          }
          agent.destroy();
        }),
      );
      clearInterval(sampler);
      const rssEnd = rss();
      samples.push(rssEnd);
      const heapEnd = heap();

      latencies.sort((a, b) => a - b);
      const pct = (p: number) =>
        latencies[
          Math.min(latencies.length - 1, Math.floor(latencies.length * p))
        ].toFixed(1);
      // eslint-disable-next-line no-console
      console.log(
        [
          `soak: ${latencies.length} requests by ${CLIENTS} clients in ${
            SOAK_MS / 1000
          } s (${Math.round(latencies.length / (SOAK_MS / 1000))}/s), ${
            errors.length
          } errors; p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${pct(1)} ms`,
          `RSS start ${rssStart} MiB, end ${rssEnd} MiB (every 10 s: ${samples.join(
            ', ',
          )}); heap after GC start ${heapStart} MiB, end ${heapEnd} MiB`,
          `by kind: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}`,
          ...errors.slice(0, 5).map(e => `error: ${e}`),
        ].join('\n  '),
      );
      expect(errors).toEqual([]);
      expect(latencies.length).toBeGreaterThan(CLIENTS * 10);
      // Flat: what the jest process (gateway and clients) keeps after a
      // collection grows by less than 50 MiB; RSS by less than 300 MiB (V8
      // keeps the heap it grew to under load).
      expect(heapEnd - heapStart).toBeLessThan(50);
      expect(rssEnd - rssStart).toBeLessThan(300);
    } finally {
      await backend?.stop();
      loki.close();
      await peers.stop();
    }
  });
});
