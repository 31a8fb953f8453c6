/**
 * Scaffolder actions that provision a tenant's Grafana, Loki and Thanos access.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMonitoringStack as default } from './module';
export type {
  GrafanaActionOptions,
  MonitoringStackActionOptions,
} from './lib/actionOptions';
export { createSnsSubscribeAction } from './actions/snsSubscribe';
export { createGrafanaProvisionAction } from './actions/grafanaProvision';
export { createGrafanaGrantAction } from './actions/grafanaGrant';
export { createGatewayTokenAction } from './actions/gatewayToken';
export { createLokiRulesAction } from './actions/lokiRules';
export { createTenantRenderAction } from './actions/tenantRender';
export { createStackRenderAction } from './actions/stackRender';
export { createTenantOffboardAction } from './actions/tenantOffboard';
export { retireTenantFiles } from './lib/render/retireTenant';
export type { TenantRetirement } from './lib/render/retireTenant';
export { renderStackFiles } from './lib/render/stack/renderStack';
export type { StackSettings } from './lib/render/stack/settings';
export { renderTenantFiles } from './lib/render/renderTenant';
export type { RenderedFile, RenderedFileFormat } from './lib/render/files';
export { DEFAULT_RENDER_SETTINGS } from './lib/render/settings';
export type { RenderSettings } from './lib/render/settings';
export {
  validateBundle,
  validateManifests,
} from './lib/render/validateManifests';
export { MissingToolError } from './lib/render/validate/tools';
