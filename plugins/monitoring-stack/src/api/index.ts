export * from './MonitoringStackApi';
export * from './MonitoringStackClient';
export * from './queryTypes';
