/**
 * The default permission policy of the monitoring-stack plugins, as a
 * module of the permission backend.
 *
 * @packageDocumentation
 */
export { permissionModuleMonitoringStackPolicy as default } from './module';
export { MonitoringStackPermissionPolicy } from './MonitoringStackPermissionPolicy';
