import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, constants, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '../../__testUtils__/realPeers';

const PROMETHEUS = '/usr/bin/prometheus';

/**
 * What each tenant's application exposes, in Prometheus' text format.
 * Metric families only team-b has carry `team_b` in their name (and their
 * help `team-b`), so a metadata answer that matches TEAM_B_MARK names
 * team-b's metrics. `shop_orders_total` both have, with the same help.
 */
export const TENANT_EXPOSITIONS: Record<'team-a' | 'team-b', string> = {
  'team-a': [
    '# HELP team_a_checkout_duration_seconds Time to place an order.',
    '# TYPE team_a_checkout_duration_seconds histogram',
    'team_a_checkout_duration_seconds_bucket{le="0.1"} 3',
    'team_a_checkout_duration_seconds_bucket{le="+Inf"} 4',
    'team_a_checkout_duration_seconds_sum 0.9',
    'team_a_checkout_duration_seconds_count 4',
    '# HELP shop_orders_total Orders placed.',
    '# TYPE shop_orders_total counter',
    'shop_orders_total 4',
    '',
  ].join('\n'),
  'team-b': [
    '# HELP team_b_ledger_entries_total Entries in team-b ledger.',
    '# TYPE team_b_ledger_entries_total counter',
    'team_b_ledger_entries_total 17',
    '# HELP team_b_vault_unsealed Whether the team-b vault is unsealed.',
    '# TYPE team_b_vault_unsealed gauge',
    'team_b_vault_unsealed 1',
    '# HELP shop_orders_total Orders placed.',
    '# TYPE shop_orders_total counter',
    'shop_orders_total 9',
    '',
  ].join('\n'),
};

/** The metric families only team-b has. */
export const TEAM_B_ONLY_FAMILIES = [
  'team_b_ledger_entries_total',
  'team_b_vault_unsealed',
];

/** The metric families team-a has (a histogram and a counter). */
export const TEAM_A_FAMILIES = [
  'shop_orders_total',
  'team_a_checkout_duration_seconds',
];

/** Serves each tenant's exposition at `/<tenant>/metrics` on loopback. */
async function startExporters() {
  const server = createServer((req, res) => {
    const tenant = /^\/(team-[ab])\/metrics$/.exec(req.url ?? '')?.[1];
    if (!tenant) {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
      .end(TENANT_EXPOSITIONS[tenant as 'team-a' | 'team-b']);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function prometheusConfig(exporter: string) {
  return {
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    scrape_configs: (['team-a', 'team-b'] as const).map(tenant => ({
      job_name: `${tenant}-app`,
      metrics_path: `/${tenant}/metrics`,
      static_configs: [{ targets: [exporter], labels: { namespace: tenant } }],
    })),
  };
}

/** A running Prometheus that scrapes each tenant's application; `stop` ends it and removes its data. */
export type TenantMetricsPeers = {
  prometheusUrl: string;
  stop(): Promise<void>;
};

/**
 * Starts Debian's Prometheus 2.42 on a free loopback port, scraping
 * team-a's and team-b's applications (TENANT_EXPOSITIONS, each target
 * labelled with its namespace) every second, and waits until their series
 * and metadata are there.
 */
export async function startTenantMetricsPeers(): Promise<TenantMetricsPeers> {
  try {
    await access(PROMETHEUS, constants.X_OK);
  } catch {
    throw new Error(
      `${PROMETHEUS} is missing: install the Debian package prometheus; this test needs it and never skips`,
    );
  }
  const exporters = await startExporters();
  const dir = await mkdtemp(join(tmpdir(), 'tenant-metrics-'));
  let child: ChildProcess | undefined;
  let log = '';
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await exporters.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const file = join(dir, 'prometheus.yml');
    await writeFile(file, JSON.stringify(prometheusConfig(exporters.address)));
    const address = `127.0.0.1:${await freePort()}`;
    const started = spawn(
      PROMETHEUS,
      [
        `--config.file=${file}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=${address}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child = started;
    started.stderr?.on('data', chunk => {
      log = (log + String(chunk)).slice(-2000);
    });
    const url = `http://${address}`;
    const json = async (path: string) => (await fetch(`${url}${path}`)).json();
    await waitFor(`Prometheus at ${url}/-/ready`, async () => {
      if (started.exitCode !== null) throw new Error(`exited: ${log}`);
      return (await fetch(`${url}/-/ready`)).ok || undefined;
    });
    await waitFor('both tenants’ metric names and metadata', async () => {
      const names: string[] = (await json('/api/v1/label/__name__/values'))
        .data;
      const metadata = (await json('/api/v1/metadata')).data;
      const families = [...TEAM_A_FAMILIES, ...TEAM_B_ONLY_FAMILIES];
      return (
        (families.every(f => f in metadata) &&
          names.includes('team_a_checkout_duration_seconds_bucket') &&
          names.includes('team_b_ledger_entries_total')) ||
        undefined
      );
    });
    return { prometheusUrl: url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
