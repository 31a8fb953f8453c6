import {
  DEFAULT_RETENTION,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { TenantDirectory } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { topicOwners, topicsOfScope } from './snsTopics';

const tenant = (id: string, snsTopicArns: string[]): TenantRef => ({
  id,
  title: id,
  entityRef: `system:default/${id}-monitoring`,
  owner: `group:default/${id}`,
  namespaces: [id],
  namespacesByCluster: { eks: [id] },
  seriesLabel: 'namespace',
  snsTopicArns,
  retention: DEFAULT_RETENTION,
});
const A = 'arn:aws:sns:eu-west-1:123456789012:a';
const B = 'arn:aws:sns:us-east-1:123456789012:b';
const SHARED = 'arn:aws:sns:eu-west-1:123456789012:shared';
const ADMIN = 'arn:aws:sns:eu-west-1:123456789012:admin-alerts';

describe('topicsOfScope', () => {
  it.each([
    [
      'a tenant sees its own topics only',
      { kind: 'tenant' as const, tenant: tenant('a', [SHARED, A]) },
      [A, SHARED],
    ],
    [
      'a tenant without topics sees none',
      { kind: 'tenant' as const, tenant: tenant('c', []) },
      [],
    ],
    [
      'the admin view sees every tenant topic and the admin topics, once',
      {
        kind: 'admin' as const,
        tenants: [tenant('a', [A, SHARED]), tenant('b', [B, SHARED])],
      },
      [A, ADMIN, SHARED, B],
    ],
  ])('%s, sorted', (_name, scope, topics) => {
    expect(topicsOfScope(scope, [ADMIN])).toEqual(topics);
  });
});

describe('topicOwners', () => {
  it('maps each topic to the tenants naming it, and the admin topics to *', async () => {
    const tenants = [tenant('a', [A, SHARED]), tenant('b', [B, SHARED])];
    const registry = {
      all: async () => new Map(tenants.map(t => [t.id, t])),
    } as unknown as TenantDirectory;
    expect(await topicOwners(registry, [ADMIN])).toEqual(
      new Map([
        [A, new Set(['a'])],
        [SHARED, new Set(['a', 'b'])],
        [B, new Set(['b'])],
        [ADMIN, new Set(['*'])],
      ]),
    );
  });
});
