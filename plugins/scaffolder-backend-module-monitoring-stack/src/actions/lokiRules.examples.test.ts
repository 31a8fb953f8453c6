import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { actionContext } from '../__testUtils__/context';
import { createTenancy } from '../__testUtils__/tenancy';
import { createFakeLokiRuler } from '../__testUtils__/fakeLokiRuler';
import { createLokiRulesAction } from './lokiRules';
import { examples } from './lokiRules.examples';

const server = setupServer();
registerMswTestHooks(server);
const LOKI = 'http://loki.test';
const config = mockServices.rootConfig({
  data: { monitoringStack: { upstreams: { loki: { url: LOKI } } } },
});
const settings = readMonitoringStackSettings(config);

describe('loki:rules examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const { input } = yaml.parse(example).steps[0];
      const ruler = createFakeLokiRuler(LOKI);
      server.use(...ruler.handlers);
      const { ctx, outputs } = actionContext(input);
      await createLokiRulesAction({
        settings,
        authorizer: createTenancy().authorizer,
      }).handler(ctx);
      expect(outputs.written).toEqual(
        input.groups.map((g: { name: string }) => g.name),
      );
      expect(ruler.posts.every(p => p.tenant === input.tenantId)).toBe(true);
    },
  );
});
