/**
 * Types of the monitoring-stack backend's HTTP API, shared by the backend and
 * the frontend client. All times are ISO 8601 strings.
 */
import { DeliveryOutcome } from './deliveries';
import { NotConfigured } from './notConfigured';
import { TenantRef } from './tenantEntity';

/** @public */
export type AlertSeverity = 'critical' | 'warning' | 'info' | 'none';

/** `suppressed`: silenced or inhibited in Alertmanager. @public */
export type AlertState = 'firing' | 'pending' | 'suppressed';

/**
 * Where an alert was read: a built-in source (`cloudtrail` alerts are EKS
 * API events and calls on the stack's AWS resources, of the admin view) or
 * the id of a source a module added.
 * @public
 */
export type AlertSource =
  | 'alertmanager'
  | 'prometheus'
  | 'loki'
  | 'cloudtrail'
  | (string & {});

/** One alert of a tenant, normalised over its sources. @public */
export type TenantAlert = {
  /** Stable id: the Alertmanager fingerprint, or a hash of name and labels. */
  id: string;
  name: string;
  severity: AlertSeverity;
  state: AlertState;
  /** Since when the alert is in its state (activeAt / startsAt). */
  since?: string;
  summary?: string;
  description?: string;
  runbookUrl?: string;
  labels: Record<string, string>;
  source: AlertSource;
  /** Silence ids or inhibiting alert fingerprints when suppressed. */
  suppressedBy?: string[];
  /** Link that opens a new silence for this alert in Alertmanager. */
  silenceUrl?: string;
  /** Link to the alert's expression in the tenant's Grafana (Explore). */
  expressionUrl?: string;
};

/**
 * Why something could not be read, stable for pages to tell apart:
 * `not-configured` when a setting is missing (nothing is wrong, it is just
 * not set up), `unreachable` when a service gave no answer (refused, unknown
 * host, timed out), `failed` for anything else (an error status, an answer
 * that is no use, a refusal).
 * @public
 */
export type FailureReason = 'not-configured' | 'unreachable' | 'failed';

/** Whether a source answered; failures are reported per source. @public */
export type SourceStatus = {
  source: AlertSource;
  ok: boolean;
  /** Why the source did not answer, when `ok` is false. */
  reason?: FailureReason;
  /**
   * One line saying what failed (`Alertmanager is unreachable (ECONNREFUSED)`,
   * `not configured`); never an internal address.
   */
  error?: string;
  /** The low-level cause (`connection refused`), for a tooltip; never an address. */
  detail?: string;
};

/** `GET /tenants/:tenant/alerts`. @public */
export type TenantAlertsResponse = {
  tenant: string;
  alerts: TenantAlert[];
  sources: SourceStatus[];
  fetchedAt: string;
};

/** A subscription of an SNS topic; the endpoint is masked. @public */
export type SnsSubscription = {
  subscriptionArn?: string;
  protocol: string;
  endpoint: string;
  pendingConfirmation: boolean;
};

/** Delivery counts of a topic over the window (CloudWatch `AWS/SNS`). @public */
export type SnsDeliveryCounts = {
  published: number;
  delivered: number;
  failed: number;
  filteredOut: number;
};

/** One point of the delivered-vs-failed chart. @public */
export type SnsDeliveryPoint = {
  at: string;
  delivered: number;
  failed: number;
};

/** A recent failed delivery from the topic's delivery-status logs. @public */
export type SnsDeliveryFailure = {
  at: string;
  messageId?: string;
  endpoint?: string;
  statusCode?: number;
  reason: string;
};

/** Everything known about one SNS topic of a tenant. @public */
export type SnsTopicStatus = {
  topicArn: string;
  subscriptions: SnsSubscription[];
  counts?: SnsDeliveryCounts;
  series: SnsDeliveryPoint[];
  failures: SnsDeliveryFailure[];
  /** Why some of the above could not be read (AWS errors), per part. */
  errors: string[];
};

/** A notification our HTTPS subscription endpoint received and stored. @public */
export type ReceivedNotification = {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  receivedAt: string;
};

/** `GET /tenants/:tenant/sns?windowHours=24`. @public */
export type SnsDeliveryResponse = {
  tenant: string;
  windowHours: number;
  topics: SnsTopicStatus[];
  received: ReceivedNotification[];
  /** Outcomes the notifier Lambda reported. */
  deliveries: DeliveryOutcome[];
  /**
   * Set when AWS could not be asked about some topics at all, because no
   * credentials are configured for their account: said once here instead of
   * in each topic's `errors`.
   */
  aws?: AwsNotConfigured;
};

/**
 * AWS is not set up for some accounts: Backstage's `aws` integration has no
 * credentials for them (`aws.mainAccount`, `aws.accounts`), and the SDK's
 * default chain found none either.
 * @public
 */
export type AwsNotConfigured = {
  reason: 'not-configured';
  /** What to configure, naming the config keys and the accounts. */
  message: string;
  /** The topics that were not read from AWS. */
  topicArns: string[];
};

/**
 * One CloudTrail event: a call of the EKS API, or a watched call on the
 * stack's own AWS resources (`STACK_WATCH_EVENTS`).
 * @public
 */
export type CloudTrailEvent = {
  eventId: string;
  /** CloudTrail's `eventSource`, e.g. `eks.amazonaws.com`, `s3.amazonaws.com`. */
  eventSource: string;
  eventName: string;
  eventTime: string;
  username?: string;
  sourceIp?: string;
  errorCode?: string;
  resources: string[];
  /** True when the event needed attention and was notified. */
  notified: boolean;
};

/** `GET /cloudtrail/events` (admins only). @public */
export type CloudTrailEventsResponse = {
  events: CloudTrailEvent[];
  /** Time of the newest event read so far. */
  lastEventTime?: string;
  /** When the reader last finished a run. */
  lastRunAt?: string;
};

/** @public */
export type StackComponentName =
  | 'prometheus'
  | 'alertmanager'
  | 'thanosQuery'
  | 'loki'
  | 'grafana'
  | 'cloudtrail';

/** Readiness of one component. @public */
export type ComponentHealth = {
  component: StackComponentName;
  status: 'up' | 'down' | 'not-configured';
  /**
   * Why a component is down: `unreachable` when it gave no answer (refused,
   * unknown host, timed out), `failed` when it answered that it is not ready.
   */
  reason?: Exclude<FailureReason, 'not-configured'>;
  /**
   * What was seen, one line without internal addresses; for a component
   * that is not configured, the setting to set.
   */
  detail?: string;
  checkedAt: string;
};

/** `GET /health` (shared stack) and `GET /tenants/:tenant/health` (with the tenant's Grafana). @public */
export type StackHealthResponse = { components: ComponentHealth[] };

/** One row of the portal page. @public */
export type TenantSummary = {
  tenant: TenantRef;
  firing: Record<AlertSeverity, number>;
  deliveryFailures24h: number;
  health: 'ok' | 'degraded' | 'down';
  /**
   * Parts that could not be read, one line each, without internal addresses
   * (`alerts from alertmanager: Alertmanager is unreachable (ECONNREFUSED)`).
   */
  errors: string[];
};

/** `GET /overview`: every tenant the caller may see. @public */
export type TenantOverviewResponse = { items: TenantSummary[]; admin: boolean };

/** One Loki alerting rule as the rules card shows it: its definition and state. @public */
export type LokiRuleView = {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** `inactive`, `pending` or `firing`; undefined before the first evaluation. */
  state?: string;
  health?: string;
  lastError?: string;
};

/** One Loki rule group of a tenant. @public */
export type LokiRuleGroupView = {
  tenant: string;
  namespace: string;
  name: string;
  interval?: string;
  rules: LokiRuleView[];
};

/** `GET /tenants/:tenant/rules/loki`: every Loki rule group of the scope. @public */
export type LokiRulesResponse = {
  tenant: string;
  groups: LokiRuleGroupView[];
  /** Tenants whose ruler did not answer (the admin view keeps the others). */
  errors: string[];
};

/** One dashboard of a tenant's Grafana. @public */
export type TenantDashboard = {
  tenant: string;
  uid: string;
  title: string;
  /** Absolute link to the dashboard in the tenant's Grafana. */
  url: string;
  folderTitle?: string;
  folderUid?: string;
  tags: string[];
};

/** Whether a tenant's Grafana could be searched. @public */
export type TenantDashboardSource = {
  tenant: string;
  /** False when the tenant has no Grafana URL or no service account token. */
  configured: boolean;
  error?: string;
};

/** `GET /tenants/:tenant/dashboards`. @public */
export type TenantDashboardsResponse = {
  tenant: string;
  dashboards: TenantDashboard[];
  sources: TenantDashboardSource[];
};

/** A part of a tenant's stack that the portal reads, through the gateway. @public */
export type TenantPart = 'metrics' | 'logs' | 'alertmanager' | 'grafana';

/** Whether a part is configured; one that is not names its setting. @public */
export type TenantPartSetup =
  | { configured: true }
  | ({ configured: false } & NotConfigured);

/**
 * `GET /tenants/:tenant/setup`: what the portal can read of the tenant, part
 * by part, for a caller who may read the tenant (403 otherwise). Tabs of
 * other plugins ask it before they show.
 * @public
 */
export type TenantSetupResponse = {
  tenant: string;
  parts: Record<TenantPart, TenantPartSetup>;
  /** The address of the tenant's own Grafana, when it has one: where links to its dashboards go. */
  grafanaUrl?: string;
};
