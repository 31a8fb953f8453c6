export { MonitoringStackHealthCard } from './MonitoringStackHealthCard';
export type { MonitoringStackHealthCardProps } from './MonitoringStackHealthCard';
