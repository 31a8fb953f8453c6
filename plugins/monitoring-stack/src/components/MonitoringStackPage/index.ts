export { MonitoringStackPage } from './MonitoringStackPage';
export type { MonitoringStackPageProps } from './MonitoringStackPage';
