import {
  DEFAULT_ADMIN_GROUP,
  DEFAULT_RETENTION,
  DEFAULT_TENANT_GRAFANA,
  TenantGrafanaSettings,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/**
 * Where the shared stack runs and what a tenant's manifests point at. The
 * action fills these from its inputs and config; tests pass them directly.
 * @public
 */
export type RenderSettings = {
  /** Base URL of the tenant-enforcing gateway (the Backstage backend). */
  gatewayBaseUrl: string;
  /** Namespace of the tenant's Grafana; default its first namespace. */
  grafanaNamespace?: string;
  grafanaImage: string;
  /** The tenant's Grafana as browsers reach it, https. */
  grafanaUrl: string;
  /** `monitoringStack.admin.tenantGrafana`; rendering needs its `sso`. */
  tenantGrafana: TenantGrafanaSettings;
  /** The admin group (`monitoringStack.adminGroup`), Admin in every Grafana. */
  adminGroup: string;
  /** Namespace of Loki, Thanos and Alertmanager. */
  platformNamespace: string;
  /** Namespace of the Fluent Bit DaemonSet. */
  loggingNamespace: string;
  /** Loki's push endpoint as Fluent Bit reaches it. */
  lokiHost: string;
  lokiPort: number;
  /**
   * Thanos Receive's remote-write URL (HTTP, `/api/v1/receive`); Receive
   * splits what it gets into tenants by `tenant_id`.
   */
  thanosReceiveRemoteWriteUrl: string;
  ingestionRateMb: number;
  ingestionBurstSizeMb: number;
  awsRegion: string;
  awsAccountId: string;
  /** Buckets of Thanos and Loki (`monitoringStack.admin.{metrics,logs}Bucket`). */
  metricsBucket: string;
  logsBucket: string;
  /**
   * Days after which Thanos blocks move to Glacier Instant Retrieval. One
   * value for the whole metrics bucket: Thanos keeps blocks at the bucket's
   * root (`<ULID>/`), so no lifecycle rule can select one tenant's blocks.
   */
  metricsGlacierAfterDays: number;
  /**
   * `monitoringStack.admin.cluster`, which names the tenants' IAM roles and
   * the notifier's ARN export (`notifierArnExport`).
   */
  cluster: string;
  /**
   * The cluster's OIDC issuer without `https://`
   * (`monitoringStack.admin.oidcIssuer`), which the tenant's secret role
   * trusts for its own service account only.
   */
  oidcIssuer: string;
  /**
   * The queue the portal reads deliveries from (`admin.portalQueueArn`),
   * subscribed in place of its HTTPS receiver when set.
   */
  portalQueueArn?: string;
};

/** Defaults of the settings no step has to pass. @public */
export const DEFAULT_RENDER_SETTINGS = {
  grafanaImage: 'grafana/grafana:11.6.0',
  tenantGrafana: DEFAULT_TENANT_GRAFANA,
  adminGroup: DEFAULT_ADMIN_GROUP,
  platformNamespace: 'monitoring',
  loggingNamespace: 'logging',
  lokiHost: 'loki-gateway.monitoring.svc.cluster.local',
  lokiPort: 80,
  thanosReceiveRemoteWriteUrl:
    'http://thanos-receive.monitoring.svc.cluster.local:19291/api/v1/receive',
  ingestionRateMb: 4,
  ingestionBurstSizeMb: 6,
  // What readMonitoringStackSettings derives for the default cluster.
  metricsBucket: 'eks-shared-thanos-metrics',
  logsBucket: 'eks-shared-loki-logs',
  metricsGlacierAfterDays: DEFAULT_RETENTION.glacierAfterDays,
  cluster: 'eks-shared',
} satisfies Partial<RenderSettings>;
