/**
 * Names of the shared stack that another system depends on, each with the
 * consumer that breaks if it changes. The stack's renderers read them from
 * here only.
 */

/**
 * The external label each Prometheus replica sets to its pod name. Thanos
 * Query deduplicates the HA pair by it (`--query.replica-label`), and
 * Prometheus drops it from the alerts it sends, so Alertmanager sees one
 * alert, not one per replica.
 */
export const PROMETHEUS_REPLICA_LABEL = 'replica';

/** The label Thanos Receive puts on its blocks; Thanos Query deduplicates by it too. */
export const RECEIVE_REPLICA_LABEL = 'receive_replica';

/**
 * ServiceAccounts of the stack's workloads. The IAM roles (aws.ts) trust
 * `system:serviceaccount:<namespace>:<name>` of exactly these.
 */
export const SERVICE_ACCOUNTS = {
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  thanos: 'thanos',
  loki: 'loki',
  fluentBit: 'fluent-bit',
} as const;

/**
 * The always-firing alert of the dead man's switch. Alertmanager's first
 * route sends it to the heartbeat topic, whose CloudWatch alarm
 * (notifier.yaml's `HeartbeatAlarm`) fires when it stops.
 */
export const HEARTBEAT_ALERT = 'Watchdog';

/** notifier.yaml's `HeartbeatTopic`, which its `HeartbeatAlarm` watches. */
export const heartbeatTopicName = (cluster: string) =>
  `${cluster}-monitoring-heartbeat`;

/** The Alertmanager StatefulSet and its headless Service, one name for both. */
export const ALERTMANAGER = {
  name: 'alertmanager',
  replicas: 3,
  port: 9093,
  clusterPort: 9094,
} as const;

/**
 * Each Alertmanager pod by its stable DNS name. Prometheus and Loki's ruler
 * send to every member (never through a load-balanced Service: each alert
 * must reach all of them), and the members gossip with each other.
 */
export function alertmanagerPods(namespace: string, port: number): string[] {
  return Array.from(
    { length: ALERTMANAGER.replicas },
    (_, i) =>
      `${ALERTMANAGER.name}-${i}.${ALERTMANAGER.name}.${namespace}.svc:${port}`,
  );
}

/** The Thanos Receive StatefulSet and its headless Service. */
export const THANOS_RECEIVE = {
  name: 'thanos-receive',
  replicas: 3,
  /** Each series is written to this many Receive replicas. */
  replicationFactor: 3,
  grpcPort: 10901,
  httpPort: 10902,
  remoteWritePort: 19291,
} as const;

/**
 * The IAM role of a stack component's ServiceAccount (IRSA). The
 * ServiceAccounts' `eks.amazonaws.com/role-arn` annotations (workload.ts
 * `serviceAccount`) and the roles aws.ts creates must agree on it.
 */
export const stackRoleName = (cluster: string, component: string) =>
  `${cluster}-${component}`;

/**
 * Thanos Query's Service and port: the backend's metrics upstream
 * (`MONITORING_STACK_THANOS_QUERY_URL`, `http://thanos-query.<namespace>.svc:9090`).
 */
export const THANOS_QUERY = { name: 'thanos-query', port: 9090 } as const;

/**
 * The tenant Thanos Receive files the series of no tenant under
 * (`--receive.default-tenant-id`). `tenantIdProblem` refuses its `:`, so no
 * tenant can be onboarded under it and see the series no namespace claims.
 */
export const UNOWNED_SERIES_TENANT = 'monitoring-stack:unowned';
