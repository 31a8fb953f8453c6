/**
 * The monitoring-stack backend plugin: tenant-enforcing gateway for metrics,
 * logs and alerts, plus alerts, SNS delivery status, CloudTrail and health.
 * Alert sources are added through `monitoringStackAlertSourcesExtensionPoint`
 * of `@tenant-monitoring/plugin-monitoring-stack-node`; test helpers are at
 * `@tenant-monitoring/plugin-monitoring-stack-backend/testUtils`.
 *
 * @packageDocumentation
 */
export { monitoringStackPlugin as default } from './plugin';
