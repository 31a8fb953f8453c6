import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { actionContext } from '../__testUtils__/context';
import { createFakeLokiRuler } from '../__testUtils__/fakeLokiRuler';
import { createTenancy } from '../__testUtils__/tenancy';
import { createLokiRulesAction } from './lokiRules';

const LOKI = 'http://loki.test';
const server = setupServer();
registerMswTestHooks(server);
const config = mockServices.rootConfig({
  data: { monitoringStack: { upstreams: { loki: { url: LOKI } } } },
});
const settings = readMonitoringStackSettings(config);
const action = createLokiRulesAction({
  settings,
  authorizer: createTenancy().authorizer,
});
const rule = {
  alert: 'CheckoutErrors',
  expr: 'sum(count_over_time({namespace="team-a"} |= "error" [5m])) > 10',
  for: '5m',
  labels: { severity: 'warning' },
};
const input = {
  tenantId: 'team-a',
  namespace: 'team-a',
  groups: [{ name: 'checkout', rules: [rule] }],
};

describe('monitoring-stack:loki:rules', () => {
  it("posts the group as YAML with the tenant's X-Scope-OrgID and tenant label", async () => {
    const ruler = createFakeLokiRuler(LOKI);
    server.use(...ruler.handlers);
    const { ctx, outputs } = actionContext(input);
    await action.handler(ctx);
    expect(outputs).toEqual({ groups: ['checkout'], written: ['checkout'] });
    expect(ruler.posts).toHaveLength(1);
    expect(ruler.posts[0]).toMatchObject({
      tenant: 'team-a',
      namespace: 'team-a',
      contentType: 'application/yaml',
    });
    expect(yaml.parse(ruler.posts[0].body)).toEqual({
      name: 'checkout',
      rules: [
        { ...rule, labels: { severity: 'warning', tenant_id: 'team-a' } },
      ],
    });
  });

  it('skips a group the ruler already holds unchanged, and updates a changed one', async () => {
    const ruler = createFakeLokiRuler(LOKI);
    server.use(...ruler.handlers);
    await action.handler(actionContext(input).ctx);
    const second = actionContext(input);
    await action.handler(second.ctx);
    expect(ruler.posts).toHaveLength(1);
    expect(second.outputs.written).toEqual([]);

    const changed = {
      ...input,
      groups: [{ name: 'checkout', rules: [{ ...rule, for: '10m' }] }],
    };
    const third = actionContext(changed);
    await action.handler(third.ctx);
    expect(third.outputs.written).toEqual(['checkout']);
    expect(third.logLines()).toContain(
      'Updated rule group team-a/checkout of tenant team-a',
    );
  });

  it.each([
    [
      'sum(count_over_time({app="x"} |= [5m]))',
      "group 'checkout' rule 0 'CheckoutErrors': expr: LogQL does not parse at position 33 (near '[5m]))')",
    ],
    [
      '{namespace="team-a"',
      // The gateway's message: the position counts from 0.
      "group 'checkout' rule 0 'CheckoutErrors': expr: LogQL does not parse at position 19 (near '')",
    ],
    [
      '{namespace="team-a"} |= "error"',
      "group 'checkout' rule 0 'CheckoutErrors': expr: an alert needs a metric query",
    ],
    [
      'sum(\n  rate({a="b"} | json [5m])\n) >',
      "group 'checkout' rule 0 'CheckoutErrors': expr: LogQL does not parse at position 36 (near '')",
    ],
  ])('refuses %p before sending anything', async (expr, message) => {
    const ruler = createFakeLokiRuler(LOKI);
    server.use(...ruler.handlers);
    const ctx = actionContext({
      ...input,
      groups: [{ name: 'checkout', rules: [{ ...rule, expr }] }],
    }).ctx;
    const promise = action.handler(ctx);
    await expect(promise).rejects.toThrow(InputError);
    await expect(promise).rejects.toThrow(message);
    expect(ruler.posts).toEqual([]);
  });

  it('validates in a dry run too, and sends nothing', async () => {
    const requests: string[] = [];
    server.use(
      http.all(`${LOKI}/*`, ({ request }) => {
        requests.push(request.url);
        return HttpResponse.json({});
      }),
    );
    const bad = {
      ...input,
      groups: [{ name: 'g', rules: [{ ...rule, expr: 'rate(' }] }],
    };
    await expect(
      action.handler(actionContext(bad, { isDryRun: true }).ctx),
    ).rejects.toThrow("group 'g' rule 0");
    const { ctx, outputs, logLines } = actionContext(input, { isDryRun: true });
    await action.handler(ctx);
    expect(requests).toEqual([]);
    expect(outputs).toEqual({ groups: ['checkout'], written: [] });
    expect(logLines()[0]).toMatch(
      /^Dry run: all queries are valid; would write groups checkout/,
    );
  });

  it('refuses a group listed twice', async () => {
    const twice = { ...input, groups: [input.groups[0], input.groups[0]] };
    await expect(action.handler(actionContext(twice).ctx)).rejects.toThrow(
      "group 'checkout' is listed twice",
    );
  });

  it.each([
    ['..', 'checkout'],
    ['.', 'checkout'],
    ['team-a', '..'],
    ['team-a', '.'],
  ])(
    'refuses namespace %p with group %p before any request to the ruler',
    async (namespace, name) => {
      const sent: string[] = [];
      server.use(
        http.all(`${LOKI}/*`, ({ request }) => {
          sent.push(`${request.method} ${new URL(request.url).pathname}`);
          return new HttpResponse(null, { status: 202 });
        }),
      );
      const dotted = {
        ...input,
        namespace,
        groups: [{ ...input.groups[0], name }],
      };
      await expect(action.handler(actionContext(dotted).ctx)).rejects.toThrow(
        InputError,
      );
      expect(sent).toEqual([]);
    },
  );

  it('names the request and status when Loki refuses', async () => {
    server.use(
      http.get(
        `${LOKI}/loki/api/v1/rules/:ns/:group`,
        () => new HttpResponse('denied', { status: 403 }),
      ),
    );
    await expect(action.handler(actionContext(input).ctx)).rejects.toThrow(
      'Loki refused GET /loki/api/v1/rules/team-a/checkout with 403: denied; check the access',
    );
  });

  it('sends to the configured Loki only, whatever the input says', async () => {
    const ruler = createFakeLokiRuler(LOKI);
    const other = createFakeLokiRuler('http://other-loki.test');
    server.use(...ruler.handlers, ...other.handlers);
    await action.handler(
      actionContext({ ...input, lokiUrl: 'http://other-loki.test' }).ctx,
    );
    expect(ruler.posts).toHaveLength(1);
    expect(other.posts).toEqual([]);
    expect(action.schema?.input).not.toHaveProperty('properties.lokiUrl');
  });

  it('says which config key is missing without a Loki URL', async () => {
    const unconfigured = createLokiRulesAction({
      settings: readMonitoringStackSettings(mockServices.rootConfig()),
      authorizer: createTenancy().authorizer,
    });
    await expect(
      unconfigured.handler(actionContext(input).ctx),
    ).rejects.toThrow(
      'Loki is not configured: set monitoringStack.upstreams.loki.url',
    );
  });

  it.each([
    [{ tenant_id: 'team-b' }, 'tenant_id'],
    [{ tenant: 'team-b' }, 'tenant'],
  ])('refuses a user label %p that names the tenant', async (labels, name) => {
    const requests = recordRequests();
    const promise = action.handler(
      actionContext({
        ...input,
        groups: [{ name: 'checkout', rules: [{ ...rule, labels }] }],
      }).ctx,
    );
    await expect(promise).rejects.toThrow(InputError);
    await expect(promise).rejects.toThrow(
      `group 'checkout' rule 0 'CheckoutErrors': the label '${name}' is reserved`,
    );
    expect(requests).toEqual([]);
  });

  it("refuses a namespace label outside the tenant's namespaces", async () => {
    const requests = recordRequests();
    await expect(
      action.handler(
        actionContext({
          ...input,
          groups: [
            {
              name: 'checkout',
              rules: [{ ...rule, labels: { namespace: 'team-b' } }],
            },
          ],
        }).ctx,
      ),
    ).rejects.toThrow(
      "the label 'namespace' must be one of tenant team-a's namespaces (team-a, team-a-jobs), got 'team-b'",
    );
    expect(requests).toEqual([]);
  });

  it("keeps the tenant's label when the query relabels, since rule labels win in the ruler", async () => {
    const ruler = createFakeLokiRuler(LOKI);
    server.use(...ruler.handlers);
    const expr =
      'sum by (tenant_id) (count_over_time({namespace="team-a"} | label_format tenant_id="team-b" [5m])) > 0';
    await action.handler(
      actionContext({
        ...input,
        groups: [
          {
            name: 'checkout',
            rules: [{ ...rule, expr, labels: { namespace: 'team-a-jobs' } }],
          },
        ],
      }).ctx,
    );
    expect(ruler.posts[0].tenant).toBe('team-a');
    expect(yaml.parse(ruler.posts[0].body).rules[0].labels).toEqual({
      namespace: 'team-a-jobs',
      tenant_id: 'team-a',
    });
  });
});

/** Every request to Loki, wherever it goes. */
function recordRequests() {
  const requests: string[] = [];
  server.use(
    http.all('*', ({ request }) => {
      requests.push(`${request.method} ${request.url}`);
      return HttpResponse.json({});
    }),
  );
  return requests;
}

describe('monitoring-stack:loki:rules authorisation', () => {
  it.each([false, true])(
    "refuses a member of team-a writing team-b's rules and sends nothing (dry run: %p)",
    async isDryRun => {
      const requests = recordRequests();
      const promise = action.handler(
        actionContext({ ...input, tenantId: 'team-b' }, { isDryRun }).ctx,
      );
      await expect(promise).rejects.toThrow(NotAllowedError);
      await expect(promise).rejects.toThrow(
        "You may not change tenant 'team-b'",
      );
      expect(requests).toEqual([]);
    },
  );

  it.each([
    ['an unknown tenant', 'team-z'],
    ['a System a user registered', 'team-c'],
    ['every tenant', '*'],
  ])('refuses %s like a forbidden one', async (_, tenantId) => {
    const requests = recordRequests();
    const promise = action.handler(
      actionContext({ ...input, tenantId }, { isDryRun: true }).ctx,
    );
    await expect(promise).rejects.toThrow(NotAllowedError);
    await expect(promise).rejects.toThrow(
      `You may not change tenant '${tenantId}'`,
    );
    expect(requests).toEqual([]);
  });

  it("lets an admin write team-b's rules under team-b's X-Scope-OrgID", async () => {
    const ruler = createFakeLokiRuler(LOKI);
    server.use(...ruler.handlers);
    const { ctx, outputs } = actionContext(
      { ...input, tenantId: 'team-b' },
      { as: 'admin' },
    );
    await action.handler(ctx);
    expect(outputs.written).toEqual(['checkout']);
    expect(ruler.posts.map(p => p.tenant)).toEqual(['team-b']);
    expect(yaml.parse(ruler.posts[0].body).rules[0].labels.tenant_id).toBe(
      'team-b',
    );
  });

  it("refuses '*' to an admin too: the actions change one tenant", async () => {
    const requests = recordRequests();
    await expect(
      action.handler(
        actionContext({ ...input, tenantId: '*' }, { as: 'admin' }).ctx,
      ),
    ).rejects.toThrow("tenantId: '*' stands for every tenant; name one tenant");
    expect(requests).toEqual([]);
  });
});

describe('monitoring-stack:loki:rules on record', () => {
  it('puts a write to the ruler on record, and sends the query as the gateway reads it', async () => {
    const auditor = mockServices.auditor.mock();
    const audited = createLokiRulesAction({
      settings,
      authorizer: createTenancy().authorizer,
      auditor,
    });
    const ruler = createFakeLokiRuler(LOKI);
    server.use(...ruler.handlers);
    const commented = {
      ...rule,
      expr: 'sum(count_over_time({namespace="team-a"} |= `error` # note\n [5m])) > 10',
    };
    await audited.handler(
      actionContext({
        ...input,
        groups: [{ name: 'checkout', rules: [commented] }],
      }).ctx,
    );
    expect(yaml.parse(ruler.posts[0].body).rules[0].expr).toBe(
      'sum(count_over_time({namespace="team-a"} |= "error" [5m])) > 10',
    );
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'loki-rules-write',
      severityLevel: 'medium',
      meta: expect.objectContaining({
        tenant: 'team-a',
        namespace: 'team-a',
        groups: ['checkout'],
      }),
    });
    const event = await auditor.createEvent.mock.results[0].value;
    expect(event.success).toHaveBeenCalledWith({
      meta: { written: ['checkout'] },
    });
  });
});
