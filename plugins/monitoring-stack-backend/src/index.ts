/**
 * The monitoring-stack backend plugin: tenant-enforcing gateway for metrics,
 * logs and alerts, plus alerts, SNS delivery status, CloudTrail and health.
 *
 * @packageDocumentation
 */
export { monitoringStackPlugin as default } from './plugin';
export { permissionModuleMonitoringStackPolicy } from './permissions/module';
export { MonitoringStackPermissionPolicy } from './permissions/MonitoringStackPermissionPolicy';
