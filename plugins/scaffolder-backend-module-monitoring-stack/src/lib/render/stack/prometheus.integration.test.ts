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
} from '../../../__testUtils__/remoteWriteReceiver';
import { TEST_STACK_SETTINGS as settings } from '../../../testUtils/renderSettings';
import { prometheusConfig } from './prometheus';

// A tenant whose series label is tenant_id and one whose is its namespace,
// each with a namespace; a third namespace belongs to nobody. Every pod
// exposes series that claim to be analytics' (`forged{tenant_id="analytics"}`)
// and to live in analytics' namespace (`namespace="analytics"`).
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

/**
 * The rendered `prometheus.yml` as it is, but for its Kubernetes discovery:
 * Debian's Prometheus 2.42 is built without it, so each pod is a static
 * target with the labels the `pod` role gives it (Prometheus 3.5's
 * documented `__meta_kubernetes_*` labels), among them a pod that does not
 * ask to be scraped. The remote write goes to the local receiver.
 */
function renderedConfigOnLoopback(targetPort: number, receiverUrl: string) {
  const config = prometheusConfig(TENANTS, settings);
  const [job] = config.scrape_configs;
  expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod' }]);
  const { kubernetes_sd_configs: _, ...rest } = job;
  const pod = (ns: string, scrape: string) => ({
    targets: [`127.0.0.1:1`],
    labels: {
      __meta_kubernetes_namespace: ns,
      __meta_kubernetes_pod_name: `${ns}-pod${
        scrape === 'true' ? '' : '-quiet'
      }`,
      __meta_kubernetes_pod_annotation_prometheus_io_scrape: scrape,
      __meta_kubernetes_pod_annotation_prometheus_io_port: String(targetPort),
      __meta_kubernetes_pod_annotation_prometheus_io_path: `/metrics/${ns}`,
    },
  });
  return {
    ...config,
    global: { ...config.global, scrape_interval: '1s' },
    alerting: undefined,
    rule_files: undefined,
    scrape_configs: [
      {
        ...rest,
        static_configs: NAMESPACES.flatMap(ns => [
          pod(ns, 'true'),
          pod(ns, 'false'),
        ]),
      },
    ],
    remote_write: config.remote_write.map(entry => ({
      ...entry,
      url: receiverUrl,
      queue_config: { batch_send_deadline: '1s' },
    })),
  };
}

describe("the rendered shared Prometheus' scrape job and external labels, on the real Prometheus", () => {
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
        `app_requests_total{ns="${ns}"} 3\nforged{tenant_id="analytics",namespace="analytics"} 1\n`,
      );
    });
    target.listen(0, '127.0.0.1');
    await new Promise(resolve => target.once('listening', resolve));
    receiver = await startRemoteWriteReceiver();
    const config = renderedConfigOnLoopback(
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
        // Prometheus 3 expands external labels by default; 2.42 on request.
        '--enable-feature=expand-external-labels',
      ],
      { stdio: 'ignore', env: { ...process.env, POD_NAME: 'prometheus-1' } },
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

  it('gives every series the namespace and pod discovery gave its target; what a target exposes as its namespace becomes exported_namespace', () => {
    for (const ns of NAMESPACES) {
      const forged = receiver.series.find(
        s => s.labels.__name__ === 'forged' && s.labels.pod === `${ns}-pod`,
      )!;
      expect(forged.labels).toMatchObject({
        namespace: ns,
        exported_namespace: 'analytics',
      });
    }
    expect(receiver.series.every(s => s.labels.namespace !== undefined)).toBe(
      true,
    );
  });

  it('scrapes only the pods that ask (prometheus.io/scrape), at the port and path they name', () => {
    expect(receiver.series.some(s => s.labels.pod?.endsWith('-quiet'))).toBe(
      false,
    );
    expect(
      receiver.series.find(
        s =>
          s.labels.__name__ === 'app_requests_total' &&
          s.labels.pod === 'billing-pod',
      )!.labels.ns,
    ).toBe('billing');
  });

  it("stamps each series with the cluster and the replica's pod name, which Thanos Query deduplicates", () => {
    expect(
      receiver.series.every(
        s =>
          s.labels.cluster === 'eks-shared' &&
          s.labels.replica === 'prometheus-1',
      ),
    ).toBe(true);
  });
});
