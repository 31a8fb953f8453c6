import { AuditorService } from '@backstage/backend-plugin-api';
import { MonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  TenantAuthorizer,
  TenantGrafanaCredentialsService,
} from '@tenant-monitoring/plugin-monitoring-stack-node';

/**
 * What every action of the module is built with: the shared settings, read
 * once by the module, and the tenancy core that decides for the task's user.
 * @public
 */
export type MonitoringStackActionOptions = {
  settings: MonitoringStackSettings;
  authorizer: TenantAuthorizer;
  /** Puts the action's changes on record. */
  auditor?: AuditorService;
};

/**
 * What the grafana actions are built with besides: the credentials of the
 * tenants' Grafanas (`tenantGrafanaCredentialsServiceRef`), the same the
 * backend's dashboards card uses.
 * @public
 */
export type GrafanaActionOptions = MonitoringStackActionOptions & {
  grafanaCredentials: TenantGrafanaCredentialsService;
};
