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
import { createGrafanaGrantAction } from './grafanaGrant';
import { examples } from './grafanaGrant.examples';

const server = setupServer();
registerMswTestHooks(server);
const GRAFANA = 'https://grafana.example.com';
const config = mockServices.rootConfig({
  data: {
    monitoringStack: {
      upstreams: { grafana: { url: GRAFANA, token: 'admin' } },
    },
  },
});
const settings = readMonitoringStackSettings(config);

describe('grafana:grant examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const { input } = yaml.parse(example).steps[0];
      const grafana = createFakeGrafana({ baseUrl: GRAFANA, token: 'admin' });
      server.use(...grafana.handlers);
      grafana.state.orgs.set(`tenant-${input.tenantId}`, 5);
      grafana.state.orgUsers.set(5, new Set());
      input.members.forEach((email: string) => grafana.addUser(email));
      const { ctx, outputs } = actionContext(input);
      await createGrafanaGrantAction({
        settings,
        authorizer: createTenancy().authorizer,
      }).handler(ctx);
      expect(outputs).toMatchObject({ orgId: 5, unknownMembers: [] });
    },
  );
});
