import { createApiRef } from '@backstage/core-plugin-api';
import {
  CloudTrailEventsResponse,
  SnsDeliveryResponse,
  StackHealthResponse,
  TenantAlertsResponse,
  TenantOverviewResponse,
  TenantRef,
} from '@internal/plugin-monitoring-stack-common';

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
  /** Readiness of a tenant's stack, its Grafana included. */
  getTenantHealth(tenantId: string): Promise<StackHealthResponse>;
  /** Readiness of the shared stack. */
  getStackHealth(): Promise<StackHealthResponse>;
  /** The latest EKS API events from CloudTrail (admins only). */
  getCloudTrailEvents(): Promise<CloudTrailEventsResponse>;
  /** Creates a silence in the tenant's Alertmanager, through the gateway. */
  createSilence(
    tenantId: string,
    silence: NewSilence,
  ): Promise<{ silenceID: string }>;
}

/** @public */
export const monitoringStackApiRef = createApiRef<MonitoringStackApi>({
  id: 'plugin.monitoring-stack.service',
});
