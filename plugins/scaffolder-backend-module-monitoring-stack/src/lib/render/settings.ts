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
  /** Namespace of Loki, Thanos and Alertmanager. */
  platformNamespace: string;
  /** Namespace of the Fluent Bit DaemonSet. */
  loggingNamespace: string;
  /** Loki's push endpoint as Fluent Bit reaches it. */
  lokiHost: string;
  lokiPort: number;
  /** Thanos Receive endpoints of the tenant's hashring. */
  thanosReceiveEndpoints: string[];
  ingestionRateMb: number;
  ingestionBurstSizeMb: number;
  awsRegion: string;
  awsAccountId: string;
};

/** Defaults of the settings no step has to pass. @public */
export const DEFAULT_RENDER_SETTINGS = {
  grafanaImage: 'grafana/grafana:11.6.0',
  platformNamespace: 'monitoring',
  loggingNamespace: 'logging',
  lokiHost: 'loki-gateway.monitoring.svc.cluster.local',
  lokiPort: 80,
  thanosReceiveEndpoints: ['thanos-receive.monitoring.svc.cluster.local:10901'],
  ingestionRateMb: 4,
  ingestionBurstSizeMb: 6,
} satisfies Partial<RenderSettings>;
