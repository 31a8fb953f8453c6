// A demo exporter for the local demo stack: the golden signals the portal's
// cards read (cAdvisor, kube-state-metrics and Istio series names) for the
// example tenants' namespaces, in Prometheus' text format. Counters grow with
// time so rates are real; team-a serves 10 % errors and team-b's pod
// restarts, so their alerts fire. No dependencies: `node exporter.mjs [port]`.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 9101);
const started = Date.now();

// namespace → the labels its series carry (data-platform is a tenant_id tenant).
const NAMESPACES = {
  'team-a': {},
  'team-a-jobs': {},
  'team-b': {},
  airflow: { tenant_id: 'data-platform' },
  spark: { tenant_id: 'data-platform' },
};

const labelText = labels =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;

function metrics() {
  const seconds = (Date.now() - started) / 1000;
  const lines = [];
  const family = (name, type, help, samples) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) {
      lines.push(`${name}${labelText(labels)} ${value}`);
    }
  };
  const each = fn =>
    Object.entries(NAMESPACES).flatMap(([namespace, extra], i) =>
      fn({ namespace, pod: `${namespace}-app-0`, ...extra }, i),
    );
  family(
    'container_cpu_usage_seconds_total',
    'counter',
    'Cumulative CPU time consumed (cAdvisor).',
    each((l, i) => [[{ ...l, container: 'app' }, (seconds * (0.2 + i * 0.1)).toFixed(3)]]),
  );
  family(
    'container_memory_working_set_bytes',
    'gauge',
    'Current working set (cAdvisor).',
    each((l, i) => [
      [{ ...l, container: 'app' }, Math.round((120 + i * 40 + 10 * Math.sin(seconds / 30)) * 2 ** 20)],
    ]),
  );
  family(
    'kube_pod_container_status_restarts_total',
    'counter',
    'Container restarts (kube-state-metrics).',
    each(l => [[{ ...l, container: 'app' }, l.namespace === 'team-b' ? Math.floor(seconds / 20) : 0]]),
  );
  family(
    'istio_requests_total',
    'counter',
    'Requests through the mesh (Istio).',
    each((l, i) => {
      const total = seconds * (5 + i);
      const errorShare = l.namespace === 'team-a' ? 0.1 : 0.002;
      return [
        [{ ...l, destination_workload: 'app', response_code: '200' }, Math.floor(total * (1 - errorShare))],
        [{ ...l, destination_workload: 'app', response_code: '503' }, Math.floor(total * errorShare)],
      ];
    }),
  );
  return `${lines.join('\n')}\n`;
}

createServer((req, res) => {
  if (req.url === '/metrics') {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(metrics());
  } else {
    res.writeHead(404).end();
  }
}).listen(port, '127.0.0.1', () =>
  console.log(`demo exporter on http://127.0.0.1:${port}/metrics`),
);
