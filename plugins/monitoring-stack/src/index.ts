/**
 * Entity cards and a portal page for tenant monitoring stacks.
 *
 * @packageDocumentation
 */
export { monitoringStackPlugin, EntityMonitoringStackCard } from './plugin';
export * from './api';
export { isMonitoringStackTenant } from './lib/isMonitoringStackTenant';
