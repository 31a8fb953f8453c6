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

const config = mockServices.rootConfig({
  data: {
    backend: { baseUrl: 'http://backstage.test' },
    monitoringStack: {
      admin: {
        region: 'eu-west-1',
        accountId: '123456789012',
        oidcIssuer:
          'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
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
