/**
 * A tenant's rules and alerts through the gateway's metrics router when the
 * shared Prometheus holds every tenant's rules, run in a fresh process by
 * bench/run.mjs.
 *
 * Two stand-ins of Prometheus' `/api/v1/rules` and `/api/v1/alerts`
 * (documented shape: groups of `{name, file, rules, interval}`, each rule
 * `{name, query, labels, annotations, type, health, ...}`), in a worker
 * thread so that they do not share the gateway's event loop: "cluster"
 * holds TENANTS tenants of GROUPS rule groups each (half the tenants
 * labelled by namespace, half by tenant_id), "single" team-a's groups
 * alone. team-a asks its rules (and alerts) through two metrics routers in
 * this process, one per stand-in, with the default interval of the shared
 * read; its answer is the same from both. Rounds alternate between the
 * single-tenant baseline and the cluster and last several intervals, so
 * the cluster side pays its refreshes (one read and parse of every
 * tenant's rules per interval). A third router reads for every request
 * (`rulesCacheSeconds: 0`), what each request cost before.
 */
import { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import express from 'express';
import {
  DEFAULT_RETENTION,
  TenantRef,
} from '../plugins/monitoring-stack-common/src';
import {
  createMetricsRouter,
  gatewayBodyParsers,
} from '@tenant-monitoring/plugin-monitoring-stack-backend/testUtils';
import { Load, loadGenerator, summary } from './load';

const TENANTS = 1000;
const GROUPS = 20;
/** One alerting rule (one firing alert) and two recording rules a group. */
const RULES_PER_GROUP = 3;
const INTERVAL_MS = 5000;

const TEAM_A: TenantRef = {
  id: 'team-a',
  title: 'team-a',
  entityRef: 'system:default/team-a-monitoring',
  owner: 'group:default/team-a',
  namespaces: ['team-a'],
  namespacesByCluster: { eks: ['team-a'] },
  seriesLabel: 'namespace',
  snsTopicArns: [],
  retention: DEFAULT_RETENTION,
};

// The stand-ins: answers built once, served as bytes.
const STAND_IN = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { tenants, groups, rulesPerGroup } = workerData;
const evaluated = '2026-01-01T00:00:00.000Z';
function tenantLabels(i) {
  if (i === 0) return { namespace: 'team-a' };
  const id = 'tenant-' + String(i).padStart(4, '0');
  return i % 2 ? { tenant_id: id } : { namespace: id };
}
function answers(count) {
  const ruleGroups = [];
  const alerts = [];
  for (let t = 0; t < count; t++) {
    const owner = tenantLabels(t);
    const who = owner.tenant_id || owner.namespace;
    for (let g = 0; g < groups; g++) {
      const rules = [];
      for (let r = 0; r < rulesPerGroup; r++) {
        const labels = { ...owner, severity: 'warning', team: who };
        if (r === 0) {
          const alert = {
            labels: { alertname: 'HighErrorRate' + g, ...labels, job: who + '-api' },
            annotations: { summary: who + ': errors above 5% for 10m' },
            state: 'firing',
            activeAt: evaluated,
            value: '7.2e-02',
          };
          alerts.push(alert);
          rules.push({
            state: 'firing',
            name: 'HighErrorRate' + g,
            query: 'sum(rate(http_requests_total{code=~"5..",' + (owner.tenant_id ? 'tenant_id' : 'namespace') + '="' + who + '"}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
            duration: 600,
            keepFiringFor: 0,
            labels,
            annotations: { summary: 'Errors above 5%', runbook_url: 'https://runbooks.example.com/' + who + '/errors' },
            alerts: [alert],
            health: 'ok',
            evaluationTime: 0.00123,
            lastEvaluation: evaluated,
            type: 'alerting',
          });
        } else {
          rules.push({
            name: who.replace(/-/g, '_') + ':http_requests:rate5m_' + g + '_' + r,
            query: 'sum by (job) (rate(http_requests_total{' + (owner.tenant_id ? 'tenant_id' : 'namespace') + '="' + who + '"}[5m]))',
            labels,
            health: 'ok',
            evaluationTime: 0.00042,
            lastEvaluation: evaluated,
            type: 'recording',
          });
        }
      }
      ruleGroups.push({
        name: who + '-group-' + g,
        file: '/etc/prometheus/rules/' + who + '/group-' + g + '.yaml',
        rules,
        interval: 30,
        limit: 0,
        evaluationTime: 0.004,
        lastEvaluation: evaluated,
      });
    }
  }
  return {
    rules: Buffer.from(JSON.stringify({ status: 'success', data: { groups: ruleGroups } })),
    alerts: Buffer.from(JSON.stringify({ status: 'success', data: { alerts } })),
  };
}
function serve(body) {
  let calls = 0;
  const server = http.createServer((req, res) => {
    const path = req.url.split('?')[0];
    const answer = path === '/api/v1/rules' ? body.rules : path === '/api/v1/alerts' ? body.alerts : undefined;
    if (!answer) { res.writeHead(404); res.end(); return; }
    calls++;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': answer.length });
    res.end(answer);
  });
  server.keepAliveTimeout = 60000;
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve({ server, calls: () => calls })));
}
(async () => {
  const cluster = answers(tenants);
  const single = answers(1);
  const [c, s] = await Promise.all([serve(cluster), serve(single)]);
  parentPort.on('message', () => parentPort.postMessage({ cluster: c.calls(), single: s.calls() }));
  parentPort.postMessage({
    cluster: 'http://127.0.0.1:' + c.server.address().port,
    single: 'http://127.0.0.1:' + s.server.address().port,
    clusterRulesBytes: cluster.rules.length,
    singleRulesBytes: single.rules.length,
  });
})();
`;

type StandIns = {
  cluster: string;
  single: string;
  clusterRulesBytes: number;
  singleRulesBytes: number;
};

async function main() {
  const standIn = new Worker(STAND_IN, {
    eval: true,
    workerData: {
      tenants: TENANTS,
      groups: GROUPS,
      rulesPerGroup: RULES_PER_GROUP,
    },
  });
  const urls = await new Promise<StandIns>(resolve =>
    standIn.once('message', resolve),
  );
  const upstreamCalls = () =>
    new Promise<{ cluster: number; single: number }>(resolve => {
      standIn.once('message', resolve);
      standIn.postMessage('calls');
    });
  const router = (url: string, rulesCacheMs?: number) =>
    createMetricsRouter({
      upstream: { name: 'Prometheus', url, timeoutMs: 30_000 },
      tenantHeader: 'THANOS-TENANT',
      scope: async () => ({ kind: 'tenant', tenant: TEAM_A }),
      rulesCacheMs,
    });
  const server = express()
    .use(...gatewayBodyParsers(1024 * 1024))
    .use('/single', router(urls.single, INTERVAL_MS))
    .use('/cluster', router(urls.cluster, INTERVAL_MS))
    .use('/uncached', router(urls.cluster, 0))
    .listen(0, '127.0.0.1');
  const load = loadGenerator();
  try {
    await new Promise(resolve => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const url = (side: string, endpoint: string) =>
      `${base}/${side}/tenants/team-a/metrics/api/v1/${endpoint}`;
    const [concurrency, rounds, roundMs] = [4, 4, 3000];

    /** Requests for about `ms`, in batches, as one Load. */
    const timed = async (target: string, ms: number): Promise<Load> => {
      const loads: Load[] = [];
      const started = performance.now();
      while (performance.now() - started < ms) {
        loads.push(await load.run(target, 200, concurrency));
      }
      return {
        latencies: loads.flatMap(l => l.latencies),
        ms: loads.reduce((sum, l) => sum + l.ms, 0),
      };
    };

    const rows = [];
    for (const endpoint of ['rules', 'alerts']) {
      // Warm both sides: connections, JIT, the first shared read.
      await load.run(url('single', endpoint), 200, concurrency);
      await load.run(url('cluster', endpoint), 200, concurrency);
      const same =
        (await (await fetch(url('single', endpoint))).text()) ===
        (await (await fetch(url('cluster', endpoint))).text());
      const before = await upstreamCalls();
      const loads: { single: Load[]; cluster: Load[] } = {
        single: [],
        cluster: [],
      };
      for (let r = 0; r < rounds; r++) {
        loads.single.push(await timed(url('single', endpoint), roundMs));
        loads.cluster.push(await timed(url('cluster', endpoint), roundMs));
      }
      const after = await upstreamCalls();
      // Reading for every request: a few, one at a time.
      const uncached = await load.run(url('uncached', endpoint), 10, 1);
      const bytes = (
        await (await fetch(url('cluster', endpoint))).arrayBuffer()
      ).byteLength;
      rows.push({
        endpoint,
        bytes,
        same,
        single: summary(loads.single),
        cluster: summary(loads.cluster),
        clusterUpstreamReads: after.cluster - before.cluster,
        uncached: summary([uncached]),
      });
    }
    return {
      tenants: TENANTS,
      groups: GROUPS,
      rulesPerGroup: RULES_PER_GROUP,
      intervalMs: INTERVAL_MS,
      clusterRulesBytes: urls.clusterRulesBytes,
      singleRulesBytes: urls.singleRulesBytes,
      concurrency,
      seconds: (rounds * roundMs) / 1000,
      rows,
    };
  } finally {
    server.closeAllConnections();
    server.close();
    await load.stop();
    await standIn.terminate();
  }
}

main().then(
  result => {
    process.stdout.write(JSON.stringify(result));
  },
  error => {
    console.error(error);
    process.exit(1);
  },
);
