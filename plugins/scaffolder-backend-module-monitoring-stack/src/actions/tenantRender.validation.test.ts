import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { actionContext } from '../__testUtils__/context';
import { createTenancy } from '../__testUtils__/tenancy';
import { createTenantRenderAction } from './tenantRender';
import { TEST_ADMIN_CONFIG, TEST_GRAFANA_URL_PATTERN } from '../testUtils';

// promtool rejects the rule file, as it would a broken one.
jest.mock('../lib/render/validate/tools', () => {
  const actual = jest.requireActual('../lib/render/validate/tools');
  return {
    ...actual,
    checkWithTool: jest.fn(async (format: string, content: string) =>
      format === 'prometheus-rules'
        ? 'promtool check rules failed: 1:1: parse error'
        : actual.checkWithTool(format, content),
    ),
  };
});

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

describe('monitoring-stack:tenant:render validation', () => {
  const workspace = createMockDirectory();

  it("fails with the validator's message before writing anything", async () => {
    const action = createTenantRenderAction({
      config,
      settings: readMonitoringStackSettings(config),
      authorizer: createTenancy().authorizer,
    });
    const { ctx, outputs } = actionContext(
      { tenantId: 'team-x', owner: 'team-x', namespaces: ['team-x'] },
      { workspacePath: workspace.path, as: 'admin' },
    );
    const promise = action.handler(ctx);
    await expect(promise).rejects.toThrow(InputError);
    await expect(promise).rejects.toThrow(
      'The rendered manifests are invalid: prometheus/rules.yaml: promtool check rules failed: 1:1: parse error',
    );
    expect(workspace.content()).toEqual({});
    expect(outputs).toEqual({});
  });
});
