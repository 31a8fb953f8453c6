export * from './readMonitoringStackSettings';
