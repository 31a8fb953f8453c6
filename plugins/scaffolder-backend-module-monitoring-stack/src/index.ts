/**
 * Scaffolder actions that provision a tenant's Grafana, Loki and Thanos access.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMonitoringStack as default } from './module';
export { createSnsSubscribeAction } from './actions/snsSubscribe';
export { createGrafanaProvisionAction } from './actions/grafanaProvision';
export { createGrafanaGrantAction } from './actions/grafanaGrant';
export { createLokiRulesAction } from './actions/lokiRules';
export { createTenantRenderAction } from './actions/tenantRender';
export { renderTenantFiles } from './lib/render/renderTenant';
export type { RenderedFile } from './lib/render/renderTenant';
export { DEFAULT_RENDER_SETTINGS } from './lib/render/settings';
export type { RenderSettings } from './lib/render/settings';
export { validateManifests } from './lib/render/validateManifests';
