import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, constants, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PROMETHEUS = '/usr/bin/prometheus';
const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

/**
 * The data the real peers hold. Every series, rule and alert of tenant team-b
 * carries the string `team-b` (its namespace, its job, its summary; its series
 * also the label name `team_b_secret`), and nothing else does: a response
 * that matches TEAM_B_MARK leaks team-b's data.
 * @public
 */
export const PEER_DATA = {
  jobs: {
    teamA: 'team-a-self',
    teamB: 'team-b-self',
    platform: 'platform-self',
  },
  alerts: {
    teamA: 'TeamAAlert',
    teamB: 'TeamBAlert',
    platform: 'PlatformAlert',
  },
  records: { tenant: 'namespace:up:count', platform: 'platform:up:count' },
};

/** What gives team-b's data away in a response. @public */
export const TEAM_B_MARK = /team[-_]b/;

/** A running Prometheus and Alertmanager on loopback; `stop` ends both and removes their data. @public */
export type RealPeers = {
  prometheusUrl: string;
  alertmanagerUrl: string;
  stop(): Promise<void>;
};

// Prometheus' own metrics name scrape jobs and rule groups in labels such as
// `scrape_job`; those naming team-b are dropped so that only team-b's data
// mentions team-b.
const DROP_TEAM_B_SELF_METRICS = {
  source_labels: ['scrape_job', 'config', 'dialer_name', 'rule_group'],
  regex: '.*team-b.*',
  action: 'drop',
};

/**
 * What the peers hold: scrape jobs (Prometheus scraping itself with the
 * given target labels) and a rules file.
 * @public
 */
export type PeerDataset = {
  jobs: Array<{ name: string; labels: Record<string, string> }>;
  rules: { groups: unknown[] };
};

function prometheusConfig(
  promAddress: string,
  amAddress: string,
  dataset: PeerDataset,
) {
  return {
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    alerting: {
      alertmanagers: [
        { api_version: 'v2', static_configs: [{ targets: [amAddress] }] },
      ],
    },
    rule_files: ['rules.yml'],
    scrape_configs: dataset.jobs.map(({ name, labels }) => ({
      job_name: name,
      static_configs: [{ targets: [promAddress], labels }],
      metric_relabel_configs: [DROP_TEAM_B_SELF_METRICS],
    })),
  };
}

function tenantRules(namespace: string, alert: string) {
  return {
    name: namespace,
    rules: [
      {
        record: PEER_DATA.records.tenant,
        expr: `count by (namespace) (up{namespace="${namespace}"})`,
        labels: { namespace },
      },
      {
        alert,
        expr: 'vector(1)',
        for: '0s',
        labels: { namespace, severity: 'critical' },
        annotations: { summary: `${namespace} is on fire` },
      },
    ],
  };
}

/** The attack suite's data: team-a, team-b and the platform. @public */
export const ATTACK_DATASET: PeerDataset = {
  jobs: [
    { name: PEER_DATA.jobs.teamA, labels: { namespace: 'team-a' } },
    {
      name: PEER_DATA.jobs.teamB,
      labels: { namespace: 'team-b', team_b_secret: 'team-b' },
    },
    { name: PEER_DATA.jobs.platform, labels: {} },
  ],
  rules: {
    groups: [
      tenantRules('team-a', PEER_DATA.alerts.teamA),
      tenantRules('team-b', PEER_DATA.alerts.teamB),
      // Rules without a namespace: the platform's, invisible to every tenant.
      {
        name: 'platform',
        rules: [
          { record: PEER_DATA.records.platform, expr: 'count(up)' },
          {
            alert: PEER_DATA.alerts.platform,
            expr: 'vector(1)',
            for: '0s',
            labels: { severity: 'critical' },
            annotations: { summary: 'the whole cluster is on fire' },
          },
        ],
      },
    ],
  },
};

const ALERTMANAGER_CONFIG = {
  route: {
    receiver: 'null',
    group_wait: '1s',
    group_interval: '1s',
    repeat_interval: '1h',
  },
  receivers: [{ name: 'null' }],
};

/** Polls `check` until it returns something other than undefined, or fails after `timeoutMs`. @public */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${
          last ? `: ${last}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/**
 * A loopback port nothing listens on right now.
 * @public
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** One peer process; keeps the end of its log for error messages. */
class PeerProcess {
  private log = '';
  private readonly exited: Promise<unknown>;

  constructor(private readonly child: ChildProcess) {
    child.stderr?.on('data', chunk => {
      this.log = (this.log + String(chunk)).slice(-2000);
    });
    this.exited = once(child, 'exit');
  }

  get running() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get lastLog() {
    return this.log;
  }

  async stop() {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * Starts a binary on a free loopback port and waits for its `/-/ready`. A
 * port taken between choosing and binding it makes the process exit; that
 * gets another port.
 */
async function startPeer(
  binary: string,
  args: (address: string) => Promise<string[]>,
) {
  for (let attempt = 1; ; attempt++) {
    const address = `127.0.0.1:${await freePort()}`;
    const peer = new PeerProcess(
      spawn(binary, await args(address), {
        stdio: ['ignore', 'ignore', 'pipe'],
      }),
    );
    const url = `http://${address}`;
    try {
      await waitFor(`${binary} at ${url}/-/ready`, async () => {
        if (!peer.running) throw new Error(`exited: ${peer.lastLog}`);
        return (await fetch(`${url}/-/ready`)).ok || undefined;
      });
      return { peer, url, address };
    } catch (error) {
      await peer.stop();
      if (attempt === 3 || peer.lastLog.indexOf('address already in use') < 0)
        throw error;
    }
  }
}

async function assertInstalled() {
  for (const binary of [PROMETHEUS, ALERTMANAGER]) {
    try {
      await access(binary, constants.X_OK);
    } catch {
      throw new Error(
        `${binary} is missing: install the Debian packages prometheus and prometheus-alertmanager ` +
          '(apt-get install prometheus prometheus-alertmanager); these tests need them and never skip',
      );
    }
  }
}

/**
 * Starts Alertmanager, then Prometheus sending to it, with a dataset (by
 * default the attack suite's: Prometheus scrapes itself as team-a, as team-b
 * and without a namespace), evaluating every rule each second.
 * @public
 */
export async function startRealPeers(
  dataset: PeerDataset = ATTACK_DATASET,
): Promise<RealPeers> {
  await assertInstalled();
  const dir = await mkdtemp(join(tmpdir(), 'monitoring-peers-'));
  const peers: PeerProcess[] = [];
  const stop = async () => {
    await Promise.all(peers.map(p => p.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await writeFile(
      join(dir, 'alertmanager.yml'),
      JSON.stringify(ALERTMANAGER_CONFIG),
    );
    await writeFile(join(dir, 'rules.yml'), JSON.stringify(dataset.rules));
    const am = await startPeer(ALERTMANAGER, async address => [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'alertmanager')}`,
      `--web.listen-address=${address}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ]);
    peers.push(am.peer);
    const prom = await startPeer(PROMETHEUS, async address => {
      // The config names Prometheus' own address, so it is written per attempt.
      const file = join(dir, 'prometheus.yml');
      await writeFile(
        file,
        JSON.stringify(prometheusConfig(address, am.address, dataset)),
      );
      return [
        `--config.file=${file}`,
        `--storage.tsdb.path=${join(dir, 'prometheus')}`,
        `--web.listen-address=${address}`,
        '--rules.alert.resend-delay=1s',
        '--enable-feature=exemplar-storage',
        '--log.level=warn',
      ];
    });
    peers.push(prom.peer);
    return { prometheusUrl: prom.url, alertmanagerUrl: am.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function getJson(url: string): Promise<any> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

/**
 * Waits until Prometheus has recorded both tenants' series for two seconds and Alertmanager
 * holds the alerts of both tenants and the platform.
 * @public
 */
export async function waitForPeerData(
  peers: RealPeers,
  timeoutMs = 30_000,
): Promise<void> {
  // History for both tenants, so that queries with an offset, ranges and
  // subqueries (up to `[5s] offset 1s`) find data of both.
  for (const [what, promql] of [
    [
      'two seconds of the recording rules of team-a and team-b',
      `${PEER_DATA.records.tenant} offset 2s`,
    ],
    [
      'three scrapes of team-a and team-b in the five seconds before the last one',
      'count by (namespace) (count_over_time(up{namespace!=""}[5s] offset 1s) >= 3)',
    ],
  ]) {
    const query = encodeURIComponent(promql);
    await waitFor(
      `${what} in Prometheus`,
      async () => {
        const body = await getJson(
          `${peers.prometheusUrl}/api/v1/query?query=${query}`,
        );
        return body.data.result.length === 2 || undefined;
      },
      timeoutMs,
    );
  }
  await waitFor(
    'the alerts of team-a, team-b and the platform in Alertmanager',
    async () => {
      const alerts: Array<{ labels: Record<string, string> }> = await getJson(
        `${peers.alertmanagerUrl}/api/v2/alerts`,
      );
      const names = new Set(alerts.map(a => a.labels.alertname));
      return (
        Object.values(PEER_DATA.alerts).every(n => names.has(n)) || undefined
      );
    },
    timeoutMs,
  );
}

/**
 * The app config of a portal in front of the peers, as the end-to-end test
 * and the benchmarks start it: the catalog provider's first run a second
 * after the start, the peers as upstreams, and Loki at `lokiUrl` (a
 * stand-in) or where nothing listens.
 * @public
 */
export function peersPortalConfig(
  peers: RealPeers,
  options: { lokiUrl?: string } = {},
) {
  return {
    catalog: {
      providers: {
        monitoringStack: {
          schedule: {
            frequency: { minutes: 5 },
            timeout: { minutes: 1 },
            initialDelay: { seconds: 1 },
          },
        },
      },
    },
    monitoringStack: {
      upstreams: {
        prometheus: { url: peers.prometheusUrl },
        thanosQuery: { url: peers.prometheusUrl },
        alertmanager: { url: peers.alertmanagerUrl },
        // Without a Loki (stand-in), nothing listens here: the cards show
        // Loki as not reachable.
        loki: {
          url: options.lokiUrl ?? 'http://127.0.0.1:9',
          timeoutMs: 2000,
        },
      },
    },
  };
}
