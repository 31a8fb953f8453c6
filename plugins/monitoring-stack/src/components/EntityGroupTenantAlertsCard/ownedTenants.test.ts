import {
  DEFAULT_RETENTION,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { ownedTenants } from './ownedTenants';

const tenant = (id: string, owner: string): TenantRef => ({
  id,
  title: id,
  entityRef: `system:default/${id}`,
  owner,
  namespaces: [id],
  namespacesByCluster: { eks: [id] },
  seriesLabel: 'namespace',
  snsTopicArns: [],
  retention: DEFAULT_RETENTION,
});

describe('ownedTenants', () => {
  const tenants = [
    tenant('a', 'group:default/team-a'),
    tenant('b', 'team-a'),
    tenant('c', 'group:other/team-a'),
    tenant('d', 'group:default/team-b'),
    tenant('e', ''),
  ];

  it.each([
    ['group:default/team-a', ['a', 'b']],
    ['group:other/team-a', ['c']],
    ['group:default/nobody', []],
  ])('%s owns %j', (group, ids) => {
    expect(ownedTenants(tenants, group).map(t => t.id)).toEqual(ids);
  });
});
