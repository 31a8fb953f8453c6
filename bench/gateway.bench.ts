/**
 * Measurements of the tenant-enforcing gateway, each run in a fresh process
 * by bench/run.mjs.
 *
 *   mode "enforce": the queries of bench/queries.txt, parsed by the lezer
 *   PromQL grammar alone (the baseline) and enforced with `enforcePromQL`,
 *   in rounds over the corpus.
 *
 *   mode "proxy": a real Prometheus (realPeers.ts) queried directly and
 *   through the metrics router of the gateway, mounted in a minimal express
 *   app with the gateway's body parsers and a fixed team-a scope (no
 *   Backstage auth or permission check: the gateway's own work alone). The
 *   direct requests carry the query already scoped, so Prometheus does the
 *   same work both ways. The load comes from a worker thread, so that it
 *   does not share the gateway's event loop; rounds alternate between
 *   direct and gateway so that both see the same machine.
 */
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import express from 'express';
import { parser } from '@prometheus-io/lezer-promql';
import {
  DEFAULT_RETENTION,
  TenantRef,
  tenantMatcher,
} from '../plugins/monitoring-stack-common/src';
import {
  createMetricsRouter,
  enforcePromQL,
  gatewayBodyParsers,
  startRealPeers,
  waitForPeerData,
} from '@tenant-monitoring/plugin-monitoring-stack-backend/testUtils';

const [mode] = process.argv.slice(2);

const TEAM_A: TenantRef = {
  id: 'team-a',
  title: 'team-a',
  entityRef: 'system:default/team-a-monitoring',
  owner: 'group:default/team-a',
  namespaces: ['team-a', 'team-a-jobs'],
  namespacesByCluster: { eks: ['team-a', 'team-a-jobs'] },
  seriesLabel: 'namespace',
  snsTopicArns: [],
  retention: DEFAULT_RETENTION,
};
const MATCHER = tenantMatcher(TEAM_A);

function corpus(): string[] {
  return readFileSync(join(__dirname, 'queries.txt'), 'utf8')
    .split('\n')
    .filter(line => line.trim() !== '' && !line.startsWith('#'));
}

/** Queries a second of `work` over the corpus, in `rounds` rounds after one to warm up. */
function queriesPerSecond(
  queries: string[],
  rounds: number,
  work: (q: string) => unknown,
) {
  queries.forEach(work);
  const started = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) queries.forEach(work);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, qps: (queries.length * rounds * 1000) / ms };
}

function enforce() {
  const queries = corpus();
  const rounds = 100;
  const parse = queriesPerSecond(queries, rounds, q => parser.parse(q));
  const enforced = queriesPerSecond(queries, rounds, q =>
    enforcePromQL(q, MATCHER),
  );
  return {
    mode,
    queries: queries.length,
    ms: enforced.ms,
    parseQps: parse.qps,
    enforceQps: enforced.qps,
  };
}

// The load generator: `requests` GETs of `url`, `concurrency` at a time,
// each timed until its body is read.
const LOAD = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ url, requests, concurrency }) => {
  try {
    const latencies = [];
    let sent = 0;
    const lane = async () => {
      while (sent < requests) {
        sent++;
        const t0 = performance.now();
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(url + ': HTTP ' + res.status);
        latencies.push(performance.now() - t0);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, lane));
    parentPort.postMessage({ latencies, ms: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
`;

type Load = { latencies: number[]; ms: number };

function loadGenerator() {
  const worker = new Worker(LOAD, { eval: true });
  const run = (url: string, requests: number, concurrency: number) =>
    new Promise<Load>((resolve, reject) => {
      worker.once('message', (m: Load & { error?: string }) =>
        m.error ? reject(new Error(m.error)) : resolve(m),
      );
      worker.postMessage({ url, requests, concurrency });
    });
  return { run, stop: () => worker.terminate() };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

function summary(loads: Load[]) {
  const latencies = loads.flatMap(l => l.latencies).sort((a, b) => a - b);
  const ms = loads.reduce((sum, l) => sum + l.ms, 0);
  return {
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    rps: (latencies.length * 1000) / ms,
  };
}

const PROXY_QUERIES = [
  'up',
  'sum by (job) (rate(prometheus_http_requests_total[1m]))',
  '{__name__=~"prometheus_tsdb_.*"}',
];

async function proxy() {
  const peers = await startRealPeers();
  const load = loadGenerator();
  const server = express()
    .use(...gatewayBodyParsers(1024 * 1024))
    .use(
      createMetricsRouter({
        upstream: {
          name: 'Prometheus',
          url: peers.prometheusUrl,
          timeoutMs: 5000,
        },
        tenantHeader: 'THANOS-TENANT',
        scope: async () => ({ kind: 'tenant', tenant: TEAM_A }),
      }),
    )
    .listen(0, '127.0.0.1');
  try {
    await new Promise(resolve => server.once('listening', resolve));
    const gatewayUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/tenants/team-a/metrics`;
    await waitForPeerData(peers);
    const [requests, concurrency, rounds] = [400, 4, 3];
    const rows = [];
    for (const query of PROXY_QUERIES) {
      const direct = `${peers.prometheusUrl}/api/v1/query?${new URLSearchParams(
        { query: enforcePromQL(query, MATCHER) },
      )}`;
      const viaGateway = `${gatewayUrl}/api/v1/query?${new URLSearchParams({
        query,
      })}`;
      await load.run(direct, 100, concurrency);
      await load.run(viaGateway, 100, concurrency);
      const loads: { direct: Load[]; gateway: Load[] } = {
        direct: [],
        gateway: [],
      };
      for (let r = 0; r < rounds; r++) {
        loads.direct.push(await load.run(direct, requests, concurrency));
        loads.gateway.push(await load.run(viaGateway, requests, concurrency));
      }
      const bytes = (await (await fetch(viaGateway)).arrayBuffer()).byteLength;
      rows.push({
        query,
        bytes,
        direct: summary(loads.direct),
        gateway: summary(loads.gateway),
      });
    }
    return { mode, requests: requests * rounds, concurrency, rows };
  } finally {
    server.closeAllConnections();
    server.close();
    await load.stop();
    await peers.stop();
  }
}

async function main() {
  const result = mode === 'enforce' ? enforce() : await proxy();
  process.stdout.write(JSON.stringify(result));
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
