import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import yaml from 'yaml';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { actionContext } from '../__testUtils__/context';
import { createTenancy } from '../__testUtils__/tenancy';
import { createTenantRenderAction } from './tenantRender';
import { examples } from './tenantRender.examples';
import { TEST_ADMIN_CONFIG, TEST_GRAFANA_URL_PATTERN } from '../testUtils';

const config = mockServices.rootConfig({
  data: {
    backend: { baseUrl: 'http://backstage.test' },
    monitoringStack: {
      tenantGrafanaUrl: TEST_GRAFANA_URL_PATTERN,
      admin: {
        ...TEST_ADMIN_CONFIG,
      },
    },
  },
});
const settings = readMonitoringStackSettings(config);

describe('tenant:render examples', () => {
  const workspace = createMockDirectory();

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      workspace.clear();
      const { input } = yaml.parse(example).steps[0];
      const { ctx, outputs } = actionContext(input, {
        workspacePath: workspace.path,
        as: 'admin',
      });
      await createTenantRenderAction({
        config,
        settings,
        authorizer: createTenancy().authorizer,
      }).handler(ctx);
      expect(outputs.targetPath).toBe(
        input.targetPath ?? `tenants/${input.tenantId}`,
      );
      expect(outputs.changedFiles).toEqual(outputs.files);
    },
  );
});
