export type {
  LokiRuleGroupView,
  LokiRuleView,
  LokiRulesResponse,
  TenantDashboard,
  TenantDashboardSource,
  TenantDashboardsResponse,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
/**
 * Response types of the gateway's Prometheus, Loki, Alertmanager, rules and
 * dashboards routes, as the frontend reads them.
 */

/** One series of a Prometheus range query. @public */
export type PromMatrixSeries = {
  metric: Record<string, string>;
  values: Array<[number, string]>;
};

/** One sample of a Prometheus instant query. @public */
export type PromVectorSample = {
  metric: Record<string, string>;
  value: [number, string];
};

/** The `data` of a Prometheus query answer. @public */
export type PromQueryData =
  | { resultType: 'matrix'; result: PromMatrixSeries[] }
  | { resultType: 'vector'; result: PromVectorSample[] }
  | { resultType: 'scalar' | 'string'; result: [number, string] };

/** A range of a query: seconds since the epoch, and the step in seconds. @public */
export type QueryRange = { start: number; end: number; step: number };

/** An Alertmanager v2 silence as listed. @public */
export type Silence = {
  id: string;
  matchers: Array<{
    name: string;
    value: string;
    isRegex: boolean;
    isEqual?: boolean;
  }>;
  startsAt: string;
  endsAt: string;
  updatedAt?: string;
  createdBy: string;
  comment: string;
  status: { state: 'active' | 'pending' | 'expired' };
};

/** One rule of the Prometheus rules API. @public */
export type PrometheusRule = {
  name: string;
  query: string;
  type: 'alerting' | 'recording';
  state?: string;
  health?: string;
  lastError?: string;
  labels?: Record<string, string>;
};

/** The Prometheus rules API's answer, filtered to the tenant by the gateway. @public */
export type PrometheusRulesResponse = {
  status: string;
  data: {
    groups: Array<{ name: string; file: string; rules: PrometheusRule[] }>;
  };
};

/** A Loki rule group to write (the tenant label is added by the backend). @public */
export type LokiRuleGroupInput = {
  interval?: string;
  rules: Array<{
    alert: string;
    expr: string;
    for?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  }>;
};

/** One log line. @public */
export type LogLine = {
  /** Nanoseconds since the epoch, as Loki sends it. */
  timestampNs: string;
  line: string;
  labels: Record<string, string>;
};

/** A Loki stream of a query answer. @public */
export type LokiStream = {
  stream: Record<string, string>;
  values: Array<[string, string]>;
};

/** The `data` of a Loki query answer. @public */
export type LokiQueryData =
  | { resultType: 'streams'; result: LokiStream[] }
  | { resultType: 'matrix'; result: PromMatrixSeries[] }
  | { resultType: 'vector'; result: PromVectorSample[] };

/** A live tail: `stop` closes it. @public */
export type LogTail = { stop(): void };
