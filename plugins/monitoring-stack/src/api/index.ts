export * from './MonitoringStackApi';
export { MonitoringStackClient } from './MonitoringStackClient';
export * from './queryTypes';
export { TenantGrafanaApi } from './TenantGrafanaApi';
