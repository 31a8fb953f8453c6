export * from './MonitoringStackApi';
export * from './MonitoringStackClient';
