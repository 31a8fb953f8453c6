import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  createPolicyMock,
  TENANT_ENTITIES,
  TestUser,
  USERS,
} from './__testUtils__/tenancy';
import { scaffolderModuleMonitoringStack } from './module';
import { TEST_ADMIN_CONFIG, TEST_GRAFANA_URL_PATTERN } from './testUtils';

const TEMPLATES = path.resolve(__dirname, '../../../templates');

/** Any call to Grafana or Loki would mean the dry run reached a remote API. */
const remoteCalls: string[] = [];
const server = setupServer(
  // The test backend itself is on loopback.
  http.all('http://localhost:*', () => passthrough()),
  http.all('http://grafana-team-a.test/*', ({ request: r }) => {
    remoteCalls.push(r.url);
    return HttpResponse.json({}, { status: 500 });
  }),
  http.all('http://loki.test/*', ({ request: r }) => {
    remoteCalls.push(r.url);
    return HttpResponse.json({}, { status: 500 });
  }),
  http.all('https://api.github.com/*', ({ request: r }) => {
    remoteCalls.push(r.url);
    return HttpResponse.json({}, { status: 500 });
  }),
);
registerMswTestHooks(server);
// Each dry run starts a backend and validates a whole bundle.
jest.setTimeout(30_000);

function loadTemplate(name: string) {
  const template = yaml.parse(
    fs.readFileSync(path.join(TEMPLATES, name, 'template.yaml'), 'utf8'),
  );
  // The dry-run endpoint needs to know where the template's files live.
  template.metadata.annotations = {
    'backstage.io/managed-by-location': `file:${path.join(
      TEMPLATES,
      name,
      'template.yaml',
    )}`,
  };
  return template;
}

const entities = [
  ...Object.values(USERS).map(ref => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: ref.split('/')[1], namespace: 'default' },
    spec: {},
  })),
  ...TENANT_ENTITIES,
];

async function dryRun(
  name: string,
  values: Record<string, unknown>,
  options: { as: TestUser; secrets?: Record<string, string> },
) {
  const { server: httpServer } = await startTestBackend({
    features: [
      scaffolderPlugin,
      githubModule,
      scaffolderModuleMonitoringStack,
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://backstage.test' },
          integrations: {
            github: [{ host: 'github.com', token: 'github-token' }],
          },
          monitoringStack: {
            tenantGrafanaUrl: TEST_GRAFANA_URL_PATTERN,
            admin: {
              cluster: 'eks-shared',
              ...TEST_ADMIN_CONFIG,
            },
            upstreams: { loki: { url: 'http://loki.test' } },
            grafanaServiceAccounts: [{ tenant: 'team-a', token: 'sa-token' }],
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
      createPolicyMock(entities).factory,
    ],
  });
  const response = await fetch(
    `http://localhost:${httpServer.port()}/api/scaffolder/v2/dry-run`,
    {
      method: 'POST',
      headers: {
        Authorization: mockCredentials.user.header(USERS[options.as]),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        template: loadTemplate(name),
        values,
        secrets: options.secrets,
        directoryContents: [],
      }),
    },
  );
  return { status: response.status, body: (await response.json()) as any };
}

function files(body: any): Record<string, string> {
  return Object.fromEntries(
    body.directoryContents.map((f: { path: string; base64Content: string }) => [
      f.path,
      Buffer.from(f.base64Content, 'base64').toString('utf8'),
    ]),
  );
}

function stepLog(body: any): string[] {
  return body.log.map((l: any) => l.body.message as string);
}

beforeEach(() => {
  remoteCalls.length = 0;
});

describe('templates in dry run through the scaffolder', () => {
  const onboarding = {
    tenantId: 'team-c',
    owner: 'group:default/team-c',
    namespaces: ['team-c', 'team-c-batch'],
    notificationTargets: [
      { type: 'email', address: 'team-c@example.com' },
      { type: 'slack', address: '#team-c' },
    ],
  };

  it('tenant-onboarding renders the manifests and labelled namespaces and calls no remote API', async () => {
    const response = await dryRun('tenant-onboarding', onboarding, {
      as: 'admin',
    });
    expect(response.status).toBe(200);
    expect(response.body.steps.map((s: any) => s.id)).toEqual([
      'render',
      'pullRequest',
    ]);

    const rendered = files(response.body);
    expect(Object.keys(rendered).sort()).toEqual([
      'tenants/team-c/alertmanager/route.yaml',
      'tenants/team-c/aws/grafana-secrets.cfn.yaml',
      'tenants/team-c/aws/s3-lifecycle-rule.cfn.yaml',
      'tenants/team-c/aws/sns-topic.cfn.yaml',
      'tenants/team-c/fluent-bit/configmap.yaml',
      'tenants/team-c/grafana/datasources.yaml',
      'tenants/team-c/grafana/deployment.yaml',
      'tenants/team-c/grafana/ingress.yaml',
      'tenants/team-c/grafana/networkpolicy.yaml',
      'tenants/team-c/grafana/secrets.externalsecret.yaml',
      'tenants/team-c/grafana/secrets.secretstore.yaml',
      'tenants/team-c/grafana/secrets.serviceaccount.yaml',
      'tenants/team-c/grafana/service.yaml',
      'tenants/team-c/grafana/volume.yaml',
      'tenants/team-c/loki/overrides.yaml',
      'tenants/team-c/namespaces/team-c-batch.yaml',
      'tenants/team-c/namespaces/team-c.yaml',
      'tenants/team-c/prometheus/remote-write.yaml',
      'tenants/team-c/prometheus/rules.yaml',
      'tenants/team-c/prometheus/scrape-relabel.yaml',
      'tenants/team-c/thanos/tenant.yaml',
    ]);
    // What the catalog module reads the tenant from, once applied.
    expect(
      yaml.parse(rendered['tenants/team-c/namespaces/team-c.yaml']),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'team-c',
        labels: { 'monitoring-stack.io/tenant': 'team-c' },
        annotations: {
          'monitoring-stack.io/owner': 'group:default/team-c',
          'monitoring-stack.io/title': 'team-c',
          'monitoring-stack.io/series-label': 'namespace',
          'monitoring-stack.io/sns-topic-arns':
            'arn:aws:sns:eu-west-1:123456789012:team-c-alerts',
          'monitoring-stack.io/retention':
            'raw=30,glacier=60,expire=365,logs=30',
        },
      },
    });
    expect(rendered['tenants/team-c/fluent-bit/configmap.yaml']).toContain(
      '^(team-c|team-c-batch)$',
    );
    expect(stepLog(response.body)).toContainEqual(
      expect.stringContaining('Skipping step pullRequest'),
    );
    expect(remoteCalls).toEqual([]);
  });

  it('tenant-onboarding opens the GitOps pull request when given a repository', async () => {
    const response = await dryRun(
      'tenant-onboarding',
      { ...onboarding, gitopsRepoUrl: 'github.com?owner=platform&repo=gitops' },
      { as: 'admin' },
    );
    expect(response.status).toBe(200);
    expect(stepLog(response.body)).toContainEqual(
      expect.stringContaining('Performing dry run of creating pull request'),
    );
    expect(remoteCalls).toEqual([]);
  });

  it('tenant-onboarding is refused to a user who is no admin, before any file', async () => {
    const response = await dryRun('tenant-onboarding', onboarding, {
      as: 'alice',
    });
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        'Only monitoring-stack admins may onboard a tenant',
      ),
    });
    expect(remoteCalls).toEqual([]);
  });

  it('shared-stack renders the stack with every tenant of the catalog merged in, validated, and calls no remote API', async () => {
    const response = await dryRun('shared-stack', {}, { as: 'admin' });
    expect(response.status).toBe(200);
    const rendered = files(response.body);
    // ops has no namespaces and is scoped by them: nothing of it runs here.
    const tenants = ['data-platform', 'team-a', 'team-b'];
    expect(Object.keys(rendered)).toEqual(
      expect.arrayContaining([
        'stack/prometheus/prometheus.yml',
        'stack/alertmanager/alertmanager.yml',
        'stack/aws/stack.cfn.yaml',
        'stack/prometheus/kustomization.yaml',
      ]),
    );
    expect(
      Object.keys(rendered)
        .filter(p => p.startsWith('stack/prometheus/rules/'))
        .sort(),
    ).toEqual([
      ...tenants.map(t => `stack/prometheus/rules/tenant-${t}.yaml`),
      'stack/prometheus/rules/watchdog.yaml',
    ]);
    expect(stepLog(response.body)).toContainEqual(
      expect.stringContaining('Left out tenant(s) ops'),
    );
    const am = yaml.parse(rendered['stack/alertmanager/alertmanager.yml']);
    expect(am.receivers.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(tenants.map(t => `tenant-${t}`)),
    );
    expect(remoteCalls).toEqual([]);
  });

  it("shared-stack is refused to a tenant's owner who is no admin, before any file", async () => {
    const response = await dryRun('shared-stack', {}, { as: 'alice' });
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({ name: 'NotAllowedError' });
    expect(response.body.directoryContents ?? []).toEqual([]);
  });

  const provisioning = {
    tenantId: 'team-a',
    members: ['carol@example.com'],
    subscriptions: [
      { protocol: 'email', endpoint: 'team-a@example.com' },
      { protocol: 'sms', endpoint: '+4915112345678' },
    ],
  };

  it("tenant-provisioning plans the owner's Grafana and subscriptions without calling anything", async () => {
    const response = await dryRun('tenant-provisioning', provisioning, {
      as: 'alice',
    });
    expect(response.status).toBe(200);
    const log = stepLog(response.body);
    expect(log).toContainEqual(
      expect.stringContaining(
        "Dry run: would ensure team 'group:default/team-a' with 1 member(s) and folder folder-team-a in org 1 of http://grafana-team-a.test",
      ),
    );
    expect(log).toContainEqual(
      expect.stringContaining(
        'Dry run: would subscribe email t***@example.com to arn:aws:sns:eu-west-1:123456789012:team-a-alerts',
      ),
    );
    expect(log).toContainEqual(
      expect.stringContaining(
        'Dry run: would make a read-only token for tenant team-a and write it to monitoring-stack/tenants/grafana-team-a/gateway-token',
      ),
    );
    expect(log.join('\n')).not.toContain('sa-token');
    expect(response.body.output.text).toEqual([
      {
        title: 'Gateway token',
        content:
          'Written to monitoring-stack/tenants/grafana-team-a/gateway-token; earlier tokens to revoke once the Grafana restarted: none',
      },
    ]);
    expect(response.body.output.links).toEqual([
      {
        title: 'Tenant folder in Grafana',
        url: 'http://grafana-team-a.test/dashboards/f/folder-team-a/',
      },
    ]);
    expect(remoteCalls).toEqual([]);
  });

  it('tenant-offboarding renders the retirement and plans the pull request that deletes the rest, revoking nothing', async () => {
    const response = await dryRun(
      'tenant-offboarding',
      {
        tenantId: 'team-a',
        confirm: 'team-a',
        gitopsRepoUrl: 'github.com?owner=acme&repo=gitops',
      },
      { as: 'admin' },
    );
    expect(response.status).toBe(200);
    expect(Object.keys(files(response.body)).sort()).toEqual([
      'tenants/team-a/namespaces/team-a-jobs.yaml',
      'tenants/team-a/namespaces/team-a.yaml',
      'tenants/team-a/retired.yaml',
    ]);
    const log = stepLog(response.body);
    expect(log).toContainEqual(
      expect.stringContaining(
        'Dry run: would retire tenant team-a: 0 token(s) revoked, 3 file(s) written and',
      ),
    );
    // GitHub's own action, in its dry run, with the files to delete.
    expect(log).toContainEqual(
      expect.stringContaining('Performing dry run of creating pull request'),
    );
    const toDelete = response.body.output.text[1].content as string;
    expect(toDelete).toContain('alertmanager/route.yaml');
    expect(toDelete).toContain('aws/sns-topic.cfn.yaml');
    expect(toDelete).not.toContain('s3-lifecycle-rule');
    expect(remoteCalls).toEqual([]);
  });

  it("tenant-offboarding is refused to the tenant's own owner", async () => {
    const response = await dryRun(
      'tenant-offboarding',
      { tenantId: 'team-a', confirm: 'team-a' },
      { as: 'alice' },
    );
    expect(response.status).toBe(403);
    expect(remoteCalls).toEqual([]);
  });

  it("tenant-provisioning is refused for another team's tenant", async () => {
    const response = await dryRun(
      'tenant-provisioning',
      { ...provisioning, tenantId: 'team-b' },
      { as: 'alice' },
    );
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain(
      "You may not change tenant 'team-b'",
    );
    expect(remoteCalls).toEqual([]);
  });

  const rule = {
    tenantId: 'team-a',
    group: 'checkout',
    alert: 'CheckoutErrors',
    expr: 'sum(count_over_time({namespace="team-a"} |= "error" [5m])) > 10',
  };

  it('loki-alert-rule validates the query in a dry run', async () => {
    const ok = await dryRun('loki-alert-rule', rule, { as: 'alice' });
    expect(ok.status).toBe(200);
    expect(ok.body.output.text[0].content).toBe('checkout');
    expect(stepLog(ok.body)).toContainEqual(
      expect.stringContaining('Dry run: all queries are valid'),
    );

    const bad = await dryRun(
      'loki-alert-rule',
      { ...rule, expr: 'sum(count_over_time({namespace="team-a"} [5m]' },
      { as: 'alice' },
    );
    // The action's InputError fails the dry run with a 400 naming the rule.
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(
        "group 'checkout' rule 0 'CheckoutErrors': expr: LogQL does not parse at position 45 (near '')",
      ),
    });
    expect(remoteCalls).toEqual([]);
  });

  it("loki-alert-rule is refused for another team's tenant, in a dry run", async () => {
    const response = await dryRun(
      'loki-alert-rule',
      { ...rule, tenantId: 'team-b' },
      { as: 'alice' },
    );
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining("You may not change tenant 'team-b'"),
    });
    expect(remoteCalls).toEqual([]);
  });

  it('grafana-access plans the grant without calling Grafana', async () => {
    const response = await dryRun(
      'grafana-access',
      { tenantId: 'team-a', group: 'group:default/sre', permission: 'Edit' },
      { as: 'alice' },
    );
    expect(response.status).toBe(200);
    expect(stepLog(response.body)).toContainEqual(
      expect.stringContaining(
        "Dry run: would give team 'group:default/sre' (0 member(s)) Edit on folder folder-team-a in org 1 of http://grafana-team-a.test",
      ),
    );
    expect(response.body.output.links[0].url).toBe(
      'http://grafana-team-a.test/dashboards/f/folder-team-a/',
    );
    expect(remoteCalls).toEqual([]);
  });

  it("grafana-access is refused for another team's tenant", async () => {
    const response = await dryRun(
      'grafana-access',
      {
        tenantId: 'team-b',
        group: 'group:default/team-a',
        permission: 'Admin',
      },
      { as: 'alice' },
    );
    expect(response.status).toBe(403);
    expect(response.body.error.name).toBe('NotAllowedError');
    expect(remoteCalls).toEqual([]);
  });
});
