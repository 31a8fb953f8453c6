/** A chart of the metrics card: its title, PromQL and unit. */
export type GoldenSignal = {
  id: string;
  title: string;
  query: string;
  format: (value: number) => string;
};

const bytes = (value: number) => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = value;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
};
const number = (digits: number) => (v: number) =>
  Number.isInteger(v) ? String(v) : v.toFixed(digits);

/**
 * The golden signals per namespace, from cAdvisor, kube-state-metrics and
 * Istio's standard metrics. The gateway adds the tenant's matcher to every
 * selector, so these read the tenant's series only.
 */
export const GOLDEN_SIGNALS: GoldenSignal[] = [
  {
    id: 'cpu',
    title: 'CPU (cores)',
    query:
      'sum by (namespace) (rate(container_cpu_usage_seconds_total{container!=""}[5m]))',
    format: number(3),
  },
  {
    id: 'memory',
    title: 'Memory (working set)',
    query:
      'sum by (namespace) (container_memory_working_set_bytes{container!=""})',
    format: bytes,
  },
  {
    id: 'restarts',
    title: 'Container restarts (per 15 min)',
    query:
      'sum by (namespace) (increase(kube_pod_container_status_restarts_total[15m]))',
    format: number(1),
  },
  {
    id: 'requests',
    title: 'Requests (per second)',
    query:
      'sum by (namespace) (rate(istio_requests_total{reporter="destination"}[5m]))',
    format: number(2),
  },
  {
    id: 'errors',
    title: 'Errors (5xx per second)',
    query:
      'sum by (namespace) (rate(istio_requests_total{reporter="destination",response_code=~"5.."}[5m]))',
    format: number(3),
  },
  {
    id: 'up',
    title: 'Scrape targets up',
    query: 'sum by (namespace) (up)',
    format: number(0),
  },
];

/** The time ranges of the card, with the step that gives about 120 points. */
export const TIME_RANGES = [
  { id: '15m', label: 'Last 15 minutes', seconds: 15 * 60 },
  { id: '1h', label: 'Last hour', seconds: 3600 },
  { id: '6h', label: 'Last 6 hours', seconds: 6 * 3600 },
  { id: '24h', label: 'Last 24 hours', seconds: 24 * 3600 },
  { id: '7d', label: 'Last 7 days', seconds: 7 * 24 * 3600 },
] as const;

export type TimeRangeId = (typeof TIME_RANGES)[number]['id'];

/** The range ending now, aligned to its step so refreshes reuse points. */
export function rangeEndingNow(id: TimeRangeId, now = Date.now()) {
  const { seconds } = TIME_RANGES.find(r => r.id === id)!;
  const step = Math.max(1, Math.round(seconds / 120));
  const end = Math.floor(now / 1000 / step) * step;
  return { start: end - seconds, end, step };
}
