/**
 * The shared Prometheus' write path with many tenants, on the real
 * Prometheus (Debian's 2.42), run in a fresh process by bench/run.mjs:
 *
 *   perTenant N: the former design, one remote-write queue per tenant
 *     keeping only its tenant's series, with the tenant header;
 *   split N: the rendered design, one remote write for all, which Thanos
 *     Receive splits into tenants by the `tenant_id` label that the
 *     rendered scrape rules set (`--receive.split-tenant-label-name`);
 *   baseline N: the same scrape with no remote write.
 *
 * One local target exposes 50 series for each of N tenants (labelled
 * `tenant_id`), scraped every second; a local receiver answers every write
 * with 204. After a warm-up, the Prometheus' own `process_resident_memory_bytes`
 * and `process_cpu_seconds_total` are read over a window.
 */
import { quoteMeta } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { AddressInfo, createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SERIES_PER_TENANT = 50;
const WARM_UP_MS = 20_000;
const WINDOW_MS = 10_000;

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const s = createTcpServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as AddressInfo;
  s.close();
  await once(s, 'close');
  return port;
}

const tenantIds = (n: number) =>
  Array.from({ length: n }, (_, i) => `tenant-${i}`);

function remoteWrite(mode: string, n: number, receiver: string) {
  const queue = { batch_send_deadline: '1s' };
  if (mode === 'baseline') return [];
  if (mode === 'split') return [{ url: receiver, queue_config: queue }];
  // What tenant:render wrote for each tenant before the split design.
  return tenantIds(n).map(id => ({
    name: `tenant-${id}`,
    url: receiver,
    headers: { 'THANOS-TENANT': id },
    write_relabel_configs: [
      { action: 'keep', source_labels: ['tenant_id'], regex: quoteMeta(id) },
    ],
    queue_config: queue,
  }));
}

async function sample(url: string) {
  const text = await fetch(`${url}/metrics`).then(r => r.text());
  const value = (name: string) =>
    Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  return {
    rss: value('process_resident_memory_bytes'),
    cpu: value('process_cpu_seconds_total'),
  };
}

async function main() {
  const [mode, count] = process.argv.slice(2);
  const n = Number(count);
  let tick = 0;
  const metrics = tenantIds(n)
    .flatMap(id =>
      Array.from(
        { length: SERIES_PER_TENANT },
        (_, j) => `app_requests_total{tenant_id="${id}",series="${j}"}`,
      ),
    )
    .join(` %\n`);
  const target = createServer((_, res) => {
    tick += 1;
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(`${metrics.replace(/%/g, String(tick))} ${tick}\n`);
  });
  let written = 0;
  const receiver = createServer((req, res) => {
    req.on('data', chunk => {
      written += chunk.length;
    });
    req.on('end', () => res.writeHead(204).end());
  });
  const targetPort = await listen(target);
  const receiverPort = await listen(receiver);
  const dir = await mkdtemp(join(tmpdir(), 'write-path-'));
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s' },
    scrape_configs: [
      {
        job_name: 'tenants',
        honor_labels: true,
        static_configs: [{ targets: [`127.0.0.1:${targetPort}`] }],
      },
    ],
    remote_write: remoteWrite(
      mode,
      n,
      `http://127.0.0.1:${receiverPort}/api/v1/receive`,
    ),
  };
  await writeFile(join(dir, 'prometheus.yml'), JSON.stringify(config));
  const address = `127.0.0.1:${await freePort()}`;
  const prometheus = spawn(
    '/usr/bin/prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      '--log.level=error',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://${address}`;
  try {
    await new Promise(resolve => setTimeout(resolve, WARM_UP_MS));
    const before = await sample(url);
    const writtenBefore = written;
    await new Promise(resolve => setTimeout(resolve, WINDOW_MS));
    const after = await sample(url);
    process.stdout.write(
      `${JSON.stringify({
        mode,
        tenants: n,
        queues: config.remote_write.length,
        rssMb: (before.rss + after.rss) / 2 / 1024 / 1024,
        cpuPercent: ((after.cpu - before.cpu) / (WINDOW_MS / 1000)) * 100,
        writtenKbPerS: (written - writtenBefore) / 1024 / (WINDOW_MS / 1000),
        ms: 0,
      })}\n`,
    );
  } finally {
    prometheus.kill('SIGKILL');
    await once(prometheus, 'exit');
    target.close();
    receiver.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
