import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { actionContext } from '../__testUtils__/context';
import { grafanaCredentialsOf } from '../__testUtils__/secretsManager';
import { createTenancy, GRAFANAS } from '../__testUtils__/tenancy';
import { createFakeGrafana } from '../__testUtils__/fakeGrafana';
import { createGrafanaGrantAction } from './grafanaGrant';
import { examples } from './grafanaGrant.examples';

const server = setupServer();
registerMswTestHooks(server);
const config = mockServices.rootConfig({
  data: {
    monitoringStack: {
      grafanaServiceAccounts: [{ tenant: 'team-a', token: 'sa-token' }],
    },
  },
});
const settings = readMonitoringStackSettings(config);

describe('grafana:grant examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const { input } = yaml.parse(example).steps[0];
      const grafana = createFakeGrafana({
        baseUrl: GRAFANAS.teamA,
        token: 'sa-token',
      });
      server.use(...grafana.handlers);
      input.members.forEach((email: string) => grafana.addUser(email));
      const { ctx, outputs } = actionContext(input);
      await createGrafanaGrantAction({
        settings,
        authorizer: createTenancy().authorizer,
        grafanaCredentials: grafanaCredentialsOf(config),
      }).handler(ctx);
      expect(outputs).toMatchObject({ orgId: 1, unknownMembers: [] });
    },
  );
});
