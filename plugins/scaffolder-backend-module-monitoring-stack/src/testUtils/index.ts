/**
 * Settings for the tests of code that renders tenants with this module.
 *
 * @packageDocumentation
 */
export {
  TEST_ADMIN_CONFIG,
  TEST_GRAFANA_URL_PATTERN,
  TEST_RENDER_SETTINGS,
  TEST_STACK_SETTINGS,
} from './renderSettings';
export type { RenderSettings } from '../lib/render/settings';
export type { StackSettings } from '../lib/render/stack/settings';
