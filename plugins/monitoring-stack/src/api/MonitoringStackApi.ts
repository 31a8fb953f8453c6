import { createApiRef } from '@backstage/core-plugin-api';
import {
  CloudTrailEventsResponse,
  IssuedTenantToken,
  NewTenantToken,
  SnsDeliveryResponse,
  StackHealthResponse,
  TenantAlertsResponse,
  TenantOverviewResponse,
  TenantRef,
  TenantSetupResponse,
  TenantTokenInfo,
  TenantTokensResponse,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  LogLine,
  LogTail,
  LokiQueryData,
  LokiRuleGroupInput,
  LokiRulesResponse,
  PromQueryData,
  PrometheusRulesResponse,
  QueryRange,
  Silence,
  TenantDashboardsResponse,
} from './queryTypes';

/** The tenants a user may see, and whether the user is an admin. @public */
export type TenantList = { items: TenantRef[]; admin: boolean };

/** One matcher of an Alertmanager v2 silence. @public */
export type SilenceMatcher = {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
};

/** Body of a new Alertmanager v2 silence. @public */
export type NewSilence = {
  /** Set to change (extend) an existing silence. */
  id?: string;
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
};

/** Client of the monitoring-stack backend. @public */
export interface MonitoringStackApi {
  /** Every tenant the user may see. */
  getTenants(): Promise<TenantList>;
  /** One summary row per visible tenant, for the portal page. */
  getOverview(): Promise<TenantOverviewResponse>;
  /** A tenant's alerts over all its sources. */
  getAlerts(tenantId: string): Promise<TenantAlertsResponse>;
  /** A tenant's SNS topics, deliveries and failures over the last hours. */
  getSnsDelivery(
    tenantId: string,
    windowHours: number,
  ): Promise<SnsDeliveryResponse>;
  /** Which parts of a tenant's stack the portal can read (403 for a tenant the user may not read). */
  getTenantSetup(tenantId: string): Promise<TenantSetupResponse>;
  /** Readiness of a tenant's stack, its Grafana included. */
  getTenantHealth(tenantId: string): Promise<StackHealthResponse>;
  /** Readiness of the shared stack. */
  getStackHealth(): Promise<StackHealthResponse>;
  /** The latest CloudTrail events: EKS API calls and calls on the stack's own AWS resources (admins only). */
  getCloudTrailEvents(): Promise<CloudTrailEventsResponse>;
  /** Creates a silence in the tenant's Alertmanager, through the gateway. */
  createSilence(
    tenantId: string,
    silence: NewSilence,
  ): Promise<{ silenceID: string }>;
  /** A PromQL query through the gateway: instant, or over `range`. */
  queryMetrics(
    tenantId: string,
    query: string,
    range?: QueryRange,
  ): Promise<PromQueryData>;
  /** The tenant's silences (active, pending and expired). */
  getSilences(tenantId: string): Promise<Silence[]>;
  /** Expires one silence of the tenant. */
  expireSilence(tenantId: string, silenceId: string): Promise<void>;
  /** The tenant's Prometheus rules with their state. */
  getPrometheusRules(tenantId: string): Promise<PrometheusRulesResponse>;
  /** The tenant's Loki rule groups with the state of each rule. */
  getLokiRules(tenantId: string): Promise<LokiRulesResponse>;
  /** Creates or replaces a Loki rule group of the tenant. */
  putLokiRuleGroup(
    tenantId: string,
    namespace: string,
    group: string,
    body: LokiRuleGroupInput,
  ): Promise<void>;
  /** Deletes a Loki rule group of the tenant. */
  deleteLokiRuleGroup(
    tenantId: string,
    namespace: string,
    group: string,
  ): Promise<void>;
  /** A LogQL query over a range (seconds), newest first. */
  queryLogs(
    tenantId: string,
    query: string,
    range: { start: number; end: number; limit: number },
  ): Promise<LokiQueryData>;
  /** Follows new log lines through the gateway's tail WebSocket. */
  tailLogs(
    tenantId: string,
    query: string,
    handlers: {
      onLines: (lines: LogLine[]) => void;
      onError: (error: Error) => void;
    },
  ): Promise<LogTail>;
  /** The tenant's Grafana dashboards, by tag or folder. */
  getDashboards(
    tenantId: string,
    filters: { tag?: string; folder?: string },
  ): Promise<TenantDashboardsResponse>;
  /** The tenant's access tokens, newest first; never a token's secret. */
  getTenantTokens(tenantId: string): Promise<TenantTokensResponse>;
  /** Creates an access token of the tenant; the answer holds it this once. */
  createTenantToken(
    tenantId: string,
    token: NewTenantToken,
  ): Promise<IssuedTenantToken>;
  /** Gives a token a new secret (same id, rights, expiry); the answer holds it this once. */
  rotateTenantToken(tenantId: string, id: string): Promise<IssuedTenantToken>;
  /** Revokes a token for good. */
  revokeTenantToken(tenantId: string, id: string): Promise<TenantTokenInfo>;
}

/** @public */
export const monitoringStackApiRef = createApiRef<MonitoringStackApi>({
  id: 'plugin.monitoring-stack.service',
});
