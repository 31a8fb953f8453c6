import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { readMonitoringStackSettings } from '@internal/plugin-monitoring-stack-common';
import { actionContext } from '../__testUtils__/context';
import { createTenancy } from '../__testUtils__/tenancy';
import { createFakeGrafana } from '../__testUtils__/fakeGrafana';
import { createGrafanaProvisionAction } from './grafanaProvision';
import { examples } from './grafanaProvision.examples';

const server = setupServer();
registerMswTestHooks(server);
const config = mockServices.rootConfig({
  data: {
    backend: { baseUrl: 'http://backstage.test' },
    monitoringStack: {
      upstreams: {
        grafana: { url: 'https://grafana.example.com', token: 'admin' },
      },
    },
  },
});
const settings = readMonitoringStackSettings(config);

describe('grafana:provision examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const { input } = yaml.parse(example).steps[0];
      const grafana = createFakeGrafana({
        baseUrl: 'https://grafana.example.com',
        token: 'admin',
      });
      server.use(...grafana.handlers);
      const { ctx, outputs } = actionContext(input);
      await createGrafanaProvisionAction({
        config,
        settings,
        authorizer: createTenancy().authorizer,
      }).handler(ctx);
      expect(outputs.orgId).toBe(
        grafana.state.orgs.get(`tenant-${input.tenantId}`),
      );
      expect(outputs.unknownMembers).toEqual(input.members ?? []);
    },
  );
});
