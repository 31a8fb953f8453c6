import { parseTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
import {
  ReceivedSeries,
  startRemoteWriteReceiver,
} from '../../__testUtils__/remoteWriteReceiver';
import { TEST_RENDER_SETTINGS as settings } from '../../testUtils';
import { renderTenantFiles } from './renderTenant';

// A tenant whose series label is tenant_id and one whose is its namespace,
// each with a namespace; a third namespace belongs to nobody. Every pod
// exposes a series that claims to be analytics' (`forged{tenant_id="analytics"}`).
const TENANTS = [
  parseTenant({
    id: 'analytics',
    owner: 'analytics',
    seriesLabel: 'tenant_id',
    namespaces: { 'eks-shared': ['analytics'] },
  }),
  parseTenant({
    id: 'billing',
    owner: 'billing',
    namespaces: { 'eks-shared': ['billing'] },
  }),
];
const NAMESPACES = ['analytics', 'billing', 'intruder'];

const rendered = (tenantIndex: number, path: string) =>
  yaml.parse(
    renderTenantFiles(TENANTS[tenantIndex], settings).find(
      f => f.path === path,
    )!.content,
  );

/**
 * The shared Prometheus as the platform merges the tenants' bundles, with
 * the pods as static targets carrying what Kubernetes discovery would give
 * them.
 */
function sharedPrometheusConfig(targetPort: number, receiverUrl: string) {
  const [a, b] = [0, 1].map(i => rendered(i, 'prometheus/scrape-relabel.yaml'));
  const [jobA, jobB] = [a, b];
  // The first rule and the metric rule are the same in every bundle: added once.
  expect(jobA.relabel_configs[0]).toEqual(jobB.relabel_configs[0]);
  expect(jobA.metric_relabel_configs).toEqual(jobB.metric_relabel_configs);
  return {
    global: { scrape_interval: '1s' },
    scrape_configs: [
      {
        job_name: 'kubernetes-pods',
        // What Kubernetes discovery gives each pod target.
        static_configs: NAMESPACES.map(ns => ({
          targets: [`127.0.0.1:${targetPort}`],
          labels: {
            __meta_kubernetes_namespace: ns,
            __metrics_path__: `/metrics/${ns}`,
            pod: `${ns}-pod`,
          },
        })),
        relabel_configs: [
          jobA.relabel_configs[0],
          jobA.relabel_configs[1],
          jobB.relabel_configs[1],
        ],
        metric_relabel_configs: jobA.metric_relabel_configs,
      },
    ],
    // One remote write for every tenant: Thanos Receive splits it by
    // tenant_id (--receive.split-tenant-label-name), as the receiver here does.
    remote_write: rendered(0, 'prometheus/remote-write.yaml').remote_write.map(
      (entry: object) => ({
        ...entry,
        url: receiverUrl,
        queue_config: { batch_send_deadline: '1s' },
      }),
    ),
  };
}

describe('the rendered scrape rules of tenant_id tenants, on the real Prometheus', () => {
  let dir: string;
  let target: Server;
  let prometheus: ChildProcess;
  let receiver: Awaited<ReturnType<typeof startRemoteWriteReceiver>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scrape-relabel-'));
    target = createServer((req, res) => {
      const ns = req.url!.split('/').pop();
      res.setHeader('Content-Type', 'text/plain; version=0.0.4');
      res.end(
        `app_requests_total{ns="${ns}"} 3\nforged{tenant_id="analytics"} 1\n`,
      );
    });
    target.listen(0, '127.0.0.1');
    await new Promise(resolve => target.once('listening', resolve));
    receiver = await startRemoteWriteReceiver();
    const config = sharedPrometheusConfig(
      (target.address() as AddressInfo).port,
      receiver.urlFor('receive'),
    );
    await writeFile(join(dir, 'prometheus.yml'), yaml.stringify(config));
    prometheus = spawn(
      '/usr/bin/prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        '--web.listen-address=127.0.0.1:0',
      ],
      { stdio: 'ignore' },
    );
    // Until each pod has been scraped and sent at least twice.
    const deadline = Date.now() + 30_000;
    const seen = () =>
      new Set(
        receiver.series.map(s => `${s.labels.tenant_id}/${s.labels.pod}`),
      );
    while (
      !(
        seen().has('analytics/analytics-pod') &&
        seen().has('billing/billing-pod')
      )
    ) {
      if (Date.now() > deadline) throw new Error('Prometheus sent nothing');
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    await new Promise(resolve => setTimeout(resolve, 2500));
  }, 40_000);

  afterAll(async () => {
    prometheus?.kill('SIGKILL');
    target?.close();
    await receiver?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  // How Receive files a series: under the tenant its tenant_id names.
  const byTenant = (tenant: string) =>
    receiver.series.filter(s => s.labels.tenant_id === tenant);
  const names = (series: ReceivedSeries[]) =>
    [
      ...new Set(series.map(s => `${s.labels.__name__}@${s.labels.pod}`)),
    ].sort();

  it("labels each tenant's own pods' series with its id, a namespace tenant's too", () => {
    expect(names(byTenant('analytics'))).toEqual([
      'app_requests_total@analytics-pod',
      'forged@analytics-pod',
      'scrape_duration_seconds@analytics-pod',
      'scrape_samples_post_metric_relabeling@analytics-pod',
      'scrape_samples_scraped@analytics-pod',
      'scrape_series_added@analytics-pod',
      'up@analytics-pod',
    ]);
    expect(names(byTenant('billing'))).toEqual(
      names(byTenant('analytics')).map(n =>
        n.replace('analytics-pod', 'billing-pod'),
      ),
    );
  });

  it('lets no pod claim another tenant: an exposed tenant_id loses to the namespace', () => {
    const forgedByBilling = byTenant('billing').find(
      s => s.labels.__name__ === 'forged',
    )!;
    expect(forgedByBilling.labels).toMatchObject({
      tenant_id: 'billing',
      exported_tenant_id: 'analytics',
    });
    // The intruder's series carry no tenant_id: Receive files them under its
    // default tenant, never a tenant's.
    const intruder = receiver.series.filter(
      s => s.labels.pod === 'intruder-pod',
    );
    expect(intruder.length).toBeGreaterThan(0);
    expect(intruder.every(s => s.labels.tenant_id === undefined)).toBe(true);
    expect(
      intruder.find(s => s.labels.__name__ === 'forged')!.labels,
    ).toMatchObject({ exported_tenant_id: 'analytics' });
    expect(receiver.series.some(s => s.labels.tenant_id === '..')).toBe(false);
  });
});
