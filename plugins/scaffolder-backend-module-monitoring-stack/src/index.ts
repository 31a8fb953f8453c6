/**
 * Scaffolder actions that provision a tenant's Grafana, Loki and Thanos access.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMonitoringStack as default } from './module';
export { createSnsSubscribeAction } from './actions/snsSubscribe';
