import { InputError } from '@backstage/errors';
import { Request } from 'express';

/** Parameters that may legitimately repeat (Prometheus and Loki selectors, filters). */
const MULTI_VALUED = new Set([
  'match[]',
  'filter',
  'rule_name[]',
  'rule_group[]',
  'file[]',
]);

const RANGE = ['start', 'end'];
const PROMETHEUS_QUERY = ['query', 'timeout', 'limit'];
const LOKI_RANGE = [...RANGE, 'since'];
const LOKI_VOLUME = [
  'query',
  ...RANGE,
  'limit',
  'step',
  'targetLabels',
  'aggregateBy',
];
/** Loki's `ParseDetectedFieldsQuery` (pkg/loghttp): `field_limit` is its older name of `limit`. */
const LOKI_DETECTED_FIELDS = [
  'query',
  ...LOKI_RANGE,
  'line_limit',
  'limit',
  'field_limit',
  'step',
];
const AM_STATES = ['active', 'silenced', 'inhibited', 'filter', 'receiver'];

/**
 * The parameters each endpoint the gateway serves documents (Prometheus',
 * Loki's and Alertmanager's HTTP APIs; for Loki's detected_* endpoints,
 * which its HTTP API page does not list, what its `pkg/loghttp` parsers
 * read), which include all that Grafana 11.6's data sources and the Logs
 * Drilldown app send (see grafanaDataSources.integration.test.ts). Nothing
 * else reaches an upstream: Thanos reads more than Prometheus documents
 * (`partial_response`, `dedup`, `replicaLabels[]`, `storeMatch[]`, `engine`,
 * `analyze`, `lookback_delta`), and those choose stores, replicas and
 * evaluation the gateway has not checked.
 */
export const ENDPOINT_PARAMS = {
  prometheus: {
    query: [...PROMETHEUS_QUERY, 'time'],
    query_range: [...PROMETHEUS_QUERY, ...RANGE, 'step'],
    query_exemplars: ['query', ...RANGE],
    series: ['match[]', ...RANGE, 'limit'],
    labels: ['match[]', ...RANGE, 'limit'],
    labelValues: ['match[]', ...RANGE, 'limit'],
    rules: [
      'type',
      'rule_name[]',
      'rule_group[]',
      'file[]',
      'match[]',
      'exclude_alerts',
      'group_limit',
      'group_next_token',
    ],
    alerts: [],
    federate: ['match[]'],
    /** `limit` and `limit_per_metric` are applied by the gateway, after it keeps the tenant's metrics. */
    metadata: ['metric', 'limit', 'limit_per_metric'],
    format_query: ['query'],
    'status/buildinfo': [],
  },
  loki: {
    query: ['query', 'time', 'limit', 'direction'],
    query_range: [
      'query',
      ...LOKI_RANGE,
      'step',
      'interval',
      'limit',
      'direction',
    ],
    labels: ['query', ...LOKI_RANGE],
    labelValues: ['query', ...LOKI_RANGE],
    series: ['match[]', 'match', ...LOKI_RANGE],
    'index/stats': ['query', ...RANGE],
    'index/volume': LOKI_VOLUME,
    'index/volume_range': LOKI_VOLUME,
    patterns: ['query', ...LOKI_RANGE, 'step'],
    detected_labels: ['query', ...LOKI_RANGE],
    detected_fields: LOKI_DETECTED_FIELDS,
    detectedFieldValues: LOKI_DETECTED_FIELDS,
    format_query: ['query'],
    'drilldown-limits': [],
    'status/buildinfo': [],
    tail: ['query', 'delay_for', 'limit', 'start'],
  },
  alertmanager: {
    alerts: [...AM_STATES, 'unprocessed'],
    'alerts/groups': AM_STATES,
    silences: ['filter'],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

/**
 * The request's parameters from the URL and a form body together, read from
 * the raw query string and body (not Express' `qs` parsing, which would turn
 * `match[]` into nested objects), keeping only those in `allowed` (the
 * endpoint's, from ENDPOINT_PARAMS): others are dropped, as Prometheus
 * itself ignores parameters it does not know. A single-valued parameter
 * given twice (in the URL twice, or in the URL and the body) is refused:
 * Prometheus and the gateway could otherwise read different values, which
 * is how enforcement gets bypassed.
 */
export function requestParams(
  req: Request,
  allowed: readonly string[],
): URLSearchParams {
  const known = new Set(allowed);
  const params = new URLSearchParams();
  const add = (source: URLSearchParams) => {
    source.forEach((value, key) => {
      if (!known.has(key)) return;
      if (!MULTI_VALUED.has(key) && params.has(key)) {
        throw new InputError(`parameter ${key} is given more than once`);
      }
      params.append(key, value);
    });
  };
  add(new URL(req.originalUrl, 'http://gateway').searchParams);
  if (
    typeof req.body === 'string' &&
    req.is('application/x-www-form-urlencoded')
  ) {
    add(new URLSearchParams(req.body));
  }
  return params;
}

/** A single-valued parameter that must be there. */
export function requiredParam(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null) {
    throw new InputError(`parameter ${name} is required`);
  }
  return value;
}
