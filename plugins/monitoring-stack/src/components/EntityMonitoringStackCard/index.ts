export { EntityMonitoringStackCard } from './EntityMonitoringStackCard';
