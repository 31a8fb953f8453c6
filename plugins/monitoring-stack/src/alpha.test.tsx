import { Entity } from '@backstage/catalog-model';
import { configApiRef } from '@backstage/core-plugin-api';
import {
  appTreeApiRef,
  coreExtensionData,
  ExtensionDefinition,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { DEFAULT_RETENTION } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { screen } from '@testing-library/react';
import {
  adminEntity,
  mockMonitoringStackApi,
  plainEntity,
  tenantEntity,
} from './__testUtils__/fixtures';
import { MonitoringStackApi, monitoringStackApiRef } from './api';
import plugin from './alpha';

const groupEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a' },
  spec: { type: 'team', children: [] },
};

const componentEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

const entities = {
  tenant: tenantEntity,
  admin: adminEntity,
  group: groupEntity,
  component: componentEntity,
  plain: plainEntity,
};
type EntityName = keyof typeof entities;

/** The test implementation: every call stays pending unless a test settles it. */
function testApi() {
  const api = mockMonitoringStackApi();
  api.getTenants.mockResolvedValue({
    admin: false,
    items: [
      {
        id: 'team-a',
        title: 'Team A',
        entityRef: 'system:default/team-a',
        owner: 'group:default/team-a',
        namespaces: ['team-a'],
        namespacesByCluster: { eks: ['team-a'] },
        seriesLabel: 'namespace',
        snsTopicArns: [],
        retention: DEFAULT_RETENTION,
      },
    ],
  });
  return api;
}

const apis = (api: MonitoringStackApi) =>
  [
    [monitoringStackApiRef, api],
    mockApis.identity({ userEntityRef: 'user:default/alice' }),
    mockApis.permission(),
    [configApiRef, mockApis.config({ data: {} })],
  ] as const;

const ext = (id: string) =>
  plugin.getExtension(id as never) as ExtensionDefinition;

/** Renders an entity card or content extension for `entity`. */
function renderForEntity(
  extension: ExtensionDefinition,
  entity: Entity,
  api: MonitoringStackApi,
) {
  const tester = createExtensionTester(extension);
  return renderInTestApp(
    <EntityProvider entity={entity}>{tester.reactElement()}</EntityProvider>,
    { apis: apis(api) },
  );
}

/** The entities an extension's filter lets through, of {@link entities}. */
function accepted(extension: ExtensionDefinition): EntityName[] {
  // Cards and contents share the filter function data ref.
  const filter = createExtensionTester(extension).get(
    EntityCardBlueprint.dataRefs.filterFunction,
  ) as ((entity: Entity) => boolean) | undefined;
  if (!filter) {
    throw new Error('the extension has no filter');
  }
  return (Object.keys(entities) as EntityName[]).filter(name =>
    filter(entities[name]),
  );
}

const CARD_IDS = [
  'stack',
  'alerts',
  'tokens',
  'sns-delivery',
  'metrics',
  'logs',
  'silences',
  'rules',
  'dashboards',
  'cloudtrail',
  'stack-health',
  'group-alerts',
].map(name => `entity-card:monitoring-stack/${name}`);

describe('the monitoring-stack plugin for the new frontend system', () => {
  it('has the api, the page, the Monitoring tab and every card', () => {
    const { apis: appApis } = renderTestApp({
      features: [plugin],
      apis: apis(testApi()),
    });
    const { tree } = appApis.get(appTreeApiRef)!.getTree();
    const ids = [...tree.nodes.values()]
      .filter(node => node.spec.plugin.pluginId === 'monitoring-stack')
      .map(node => node.spec.id);
    expect(ids.sort()).toEqual(
      [
        'api:monitoring-stack',
        'page:monitoring-stack',
        'entity-content:monitoring-stack/monitoring',
        ...CARD_IDS,
      ].sort(),
    );
    // The tab shows every card: as Overview cards they are off until an app turns them on.
    const enabled = [...tree.nodes.values()]
      .filter(
        node =>
          node.spec.plugin.pluginId === 'monitoring-stack' &&
          !node.spec.disabled,
      )
      .map(node => node.spec.id);
    expect(enabled.sort()).toEqual(
      [
        'api:monitoring-stack',
        'entity-content:monitoring-stack/monitoring',
        'page:monitoring-stack',
      ].sort(),
    );
  });

  // The card, the entities it is for, and what it shows and reads there:
  // the cards of a tenant's view read the tenant's id, `*` on the admin stack.
  describe.each<
    [string, EntityName[], keyof MonitoringStackApi, string, boolean]
  >([
    ['stack', ['tenant'], 'getTenantHealth', 'Monitoring stack', true],
    ['alerts', ['tenant'], 'getAlerts', 'Alerts', true],
    ['tokens', ['tenant'], 'getTenantTokens', 'Access tokens', true],
    ['sns-delivery', ['tenant'], 'getSnsDelivery', 'SNS delivery', true],
    ['metrics', ['tenant', 'admin'], 'queryMetrics', 'Metrics', true],
    ['logs', ['tenant', 'admin'], 'queryLogs', 'Logs', true],
    ['silences', ['tenant', 'admin'], 'getSilences', 'Silences', true],
    ['rules', ['tenant', 'admin'], 'getPrometheusRules', 'Rules', true],
    ['dashboards', ['tenant', 'admin'], 'getDashboards', 'Dashboards', true],
    [
      'cloudtrail',
      ['admin'],
      'getCloudTrailEvents',
      'CloudTrail events',
      false,
    ],
    ['stack-health', ['admin'], 'getStackHealth', 'Shared stack health', false],
    // The group's tenants (from getTenants), each with its alerts.
    ['group-alerts', ['group'], 'getAlerts', 'Tenant Team A', true],
  ])('entity-card:monitoring-stack/%s', (name, shownOn, method, text, byId) => {
    const card = () => ext(`entity-card:monitoring-stack/${name}`);

    it(`is shown on ${shownOn.join(' and ')} entities only`, () => {
      expect(accepted(card())).toEqual(shownOn);
    });

    it.each(shownOn)(
      'renders and reads its data for the %s entity',
      async on => {
        const api = testApi();
        renderForEntity(card(), entities[on], api);
        // Lazily loaded cards can take more than the default second on a busy machine.
        expect(
          (await screen.findAllByText(text, {}, { timeout: 10_000 })).length,
        ).toBeGreaterThan(0);
        expect(api[method]).toHaveBeenCalled();
        // The first argument: the tenant id, `*` in the admin view, or none.
        const tenantId = on === 'admin' ? '*' : 'team-a';
        expect(api[method].mock.calls[0][0]).toBe(byId ? tenantId : undefined);
      },
    );
  });

  describe('entity-content:monitoring-stack/monitoring', () => {
    const content = () => ext('entity-content:monitoring-stack/monitoring');

    it('is the Monitoring tab at /monitoring', () => {
      const tester = createExtensionTester(content());
      expect(tester.get(coreExtensionData.routePath)).toBe('/monitoring');
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
        'Monitoring',
      );
      expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe(
        'observability',
      );
    });

    it('is shown on tenant and admin Systems and Groups only', () => {
      expect(accepted(content())).toEqual(['tenant', 'admin', 'group']);
    });

    it("shows a tenant's cards on a tenant's System", async () => {
      const api = testApi();
      renderForEntity(content(), tenantEntity, api);
      for (const title of [
        'Monitoring stack',
        'SNS delivery',
        'Alerts',
        'Metrics',
        'Silences',
        'Rules',
        'Logs',
        'Dashboards',
        'Access tokens',
      ]) {
        expect((await screen.findAllByText(title)).length).toBeGreaterThan(0);
      }
      expect(api.getTenantTokens).toHaveBeenCalledWith('team-a');
      expect(screen.queryByText('Shared stack health')).not.toBeInTheDocument();
      expect(screen.queryByText('CloudTrail events')).not.toBeInTheDocument();
      expect(api.getTenantHealth).toHaveBeenCalledWith('team-a');
      expect(api.getAlerts).toHaveBeenCalledWith('team-a');
      expect(api.getStackHealth).not.toHaveBeenCalled();
    });

    it("shows the admin cards on the admin stack's System", async () => {
      const api = testApi();
      renderForEntity(content(), adminEntity, api);
      for (const title of [
        'Shared stack health',
        'CloudTrail events',
        'Metrics',
        'Silences',
        'Rules',
        'Logs',
        'Dashboards',
      ]) {
        expect((await screen.findAllByText(title)).length).toBeGreaterThan(0);
      }
      expect(screen.queryByText('Monitoring stack')).not.toBeInTheDocument();
      expect(screen.queryByText('SNS delivery')).not.toBeInTheDocument();
      expect(api.getStackHealth).toHaveBeenCalled();
      expect(api.getCloudTrailEvents).toHaveBeenCalled();
      expect(api.getAlerts).not.toHaveBeenCalled();
      expect(api.getTenantTokens).not.toHaveBeenCalled();
    });

    it("shows the alerts of a Group's tenants on a Group", async () => {
      const api = testApi();
      renderForEntity(content(), groupEntity, api);
      expect(await screen.findByText('Tenant Team A')).toBeInTheDocument();
      expect(api.getAlerts).toHaveBeenCalledWith('team-a');
      expect(screen.queryByText('Metrics')).not.toBeInTheDocument();
    });
  });

  it('renders the page at /monitoring-stack', async () => {
    const api = testApi();
    api.getOverview.mockResolvedValue({ admin: false, items: [] });
    renderTestApp({
      features: [plugin],
      apis: apis(api),
      initialRouteEntries: ['/monitoring-stack'],
    });
    expect(await screen.findByText('No tenants to show')).toBeInTheDocument();
    expect(api.getOverview).toHaveBeenCalled();
  });

  it('has a Monitoring nav item to the page', async () => {
    renderTestApp({
      features: [plugin],
      apis: apis(testApi()),
      initialRouteEntries: ['/'],
    });
    const link = await screen.findByRole('link', { name: /Monitoring/ });
    expect(link).toHaveAttribute('href', '/monitoring-stack');
  });
});
