import { Entity } from '@backstage/catalog-model';
import {
  DEFAULT_RETENTION,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { screen } from '@testing-library/react';
import {
  mockMonitoringStackApi,
  renderWithEntity,
} from '../../__testUtils__/fixtures';
import { EntityGroupTenantAlertsCard } from './EntityGroupTenantAlertsCard';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a' },
  spec: { type: 'team', children: [] },
};

const tenant = (id: string, owner: string): TenantRef => ({
  id,
  title: `Tenant ${id}`,
  entityRef: `system:default/${id}`,
  owner,
  namespaces: [id],
  namespacesByCluster: { eks: [id] },
  seriesLabel: 'namespace',
  snsTopicArns: [],
  retention: DEFAULT_RETENTION,
});

describe('EntityGroupTenantAlertsCard', () => {
  it('shows an alerts card per tenant the group owns', async () => {
    const api = mockMonitoringStackApi();
    api.getTenants.mockResolvedValue({
      admin: false,
      items: [
        tenant('team-a', 'group:default/team-a'),
        tenant('team-b', 'group:default/team-b'),
      ],
    });
    api.getAlerts.mockResolvedValue({
      tenant: 'team-a',
      alerts: [],
      sources: [],
      fetchedAt: '2024-05-01T12:00:00Z',
    });
    await renderWithEntity(<EntityGroupTenantAlertsCard />, api, group);
    expect(await screen.findByText('Tenant Tenant team-a')).toBeInTheDocument();
    expect(api.getAlerts).toHaveBeenCalledWith('team-a');
    expect(api.getAlerts).not.toHaveBeenCalledWith('team-b');
  });

  it('says when the group owns no tenant', async () => {
    const api = mockMonitoringStackApi();
    api.getTenants.mockResolvedValue({
      admin: false,
      items: [tenant('team-b', 'group:default/team-b')],
    });
    await renderWithEntity(<EntityGroupTenantAlertsCard />, api, group);
    expect(
      await screen.findByText(
        'This group owns no monitoring-stack tenant that you may see.',
      ),
    ).toBeInTheDocument();
  });
});
