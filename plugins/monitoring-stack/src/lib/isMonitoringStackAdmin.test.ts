import { Entity } from '@backstage/catalog-model';
import { isMonitoringStackAdmin } from './isMonitoringStackAdmin';
import { isMonitoringStackTenant } from './isMonitoringStackTenant';

const PROVIDER = {
  'backstage.io/managed-by-location': 'monitoring-stack-provider:catalog',
  'backstage.io/managed-by-origin-location':
    'monitoring-stack-provider:catalog',
  'monitoring-stack.io/source': 'config',
};

const entityWith = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'x', annotations },
  spec: { owner: 'group:default/ops' },
});

describe('isMonitoringStackAdmin', () => {
  it.each([
    [
      'the admin stack',
      { ...PROVIDER, 'monitoring-stack.io/tenant-id': '*' },
      true,
      false,
    ],
    [
      'a tenant',
      {
        ...PROVIDER,
        'monitoring-stack.io/tenant-id': 'team-a',
        'monitoring-stack.io/namespaces': 'eks/team-a',
      },
      false,
      true,
    ],
    [
      'a registered copy of a tenant',
      {
        'backstage.io/managed-by-location': 'url:https://example.com/x.yaml',
        'monitoring-stack.io/tenant-id': 'team-a',
        'monitoring-stack.io/namespaces': 'eks/team-a',
      },
      false,
      false,
    ],
    ['an entity without annotations', undefined, false, false],
    ['an invalid id', { 'monitoring-stack.io/tenant-id': 'a|b' }, false, false],
  ])('%s', (_name, annotations, admin, tenant) => {
    expect(isMonitoringStackAdmin(entityWith(annotations))).toBe(admin);
    expect(isMonitoringStackTenant(entityWith(annotations))).toBe(tenant);
  });
});
