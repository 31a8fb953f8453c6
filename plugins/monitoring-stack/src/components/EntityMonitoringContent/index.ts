export { EntityMonitoringContent } from './EntityMonitoringContent';
