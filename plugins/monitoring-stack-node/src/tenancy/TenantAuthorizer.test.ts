import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { providerTenantSystem } from '../testUtils';
import {
  AuthorizeResult,
  PermissionCriteria,
  PermissionCondition,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { monitoringStackAdminReadPermission } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { TenantAuthorizer, TenantDecisionOptions } from './TenantAuthorizer';
import { tenantTokenCredentials } from './tenantTokenCredentials';
import { TenantDirectory } from './TenantDirectory';

const { ALLOW, DENY, CONDITIONAL } = AuthorizeResult;
const ADMIN_GROUP = 'group:default/platform-admins';

const tenant = (id: string, owner = `group:default/${id}`): Entity =>
  providerTenantSystem(id, { owner, namespaces: [`eks/${id}`] });

const owner = (claims: string[]): PermissionCriteria<PermissionCondition> => ({
  rule: 'IS_ENTITY_OWNER',
  resourceType: 'catalog-entity',
  params: { claims },
});

/**
 * The permission framework with the default policy: admins everything,
 * owners their tenants (a conditional IS_ENTITY_OWNER decision that the
 * catalog applies), nobody else anything. `claims` and `policy` can change
 * during a test, as a membership or the policy does.
 */
function setup(options: TenantDecisionOptions & { entities?: Entity[] } = {}) {
  const entities = options.entities ?? [tenant('team-a'), tenant('team-b')];
  const claims: Record<string, string[]> = {
    'user:default/alice': ['group:default/team-a'],
    'user:default/bob': ['group:default/team-b'],
    'user:default/admin': [ADMIN_GROUP],
  };
  const userOf = (credentials: BackstageCredentials) =>
    (credentials.principal as { userEntityRef: string }).userEntityRef;
  const claimsOf = (credentials: BackstageCredentials) => [
    userOf(credentials),
    ...(claims[userOf(credentials)] ?? []),
  ];
  const state = {
    /** The policy's answer for a tenant permission, given the caller's claims. */
    policy: (c: string[]): PolicyDecision =>
      c.includes(ADMIN_GROUP)
        ? { result: ALLOW }
        : {
            result: CONDITIONAL,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: owner(c),
          },
  };
  const catalog = catalogServiceMock({ entities });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  const ownerOf = (ref: string) =>
    (
      entities.find(e => `system:default/${e.metadata.name}` === ref)?.spec as
        | { owner: string }
        | undefined
    )?.owner;
  const permissions = mockServices.permissions.mock({
    authorize: jest.fn(
      async (
        requests: any[],
        { credentials }: { credentials: BackstageCredentials },
      ) =>
        requests.map(r => {
          const c = claimsOf(credentials);
          if (!('resourceRef' in r) || !r.resourceRef) {
            return { result: c.includes(ADMIN_GROUP) ? ALLOW : DENY };
          }
          const decision = state.policy(c);
          if (decision.result !== CONDITIONAL) return decision;
          // The catalog applies IS_ENTITY_OWNER; anything else denies here.
          const condition = decision.conditions as PermissionCondition;
          const o = ownerOf(r.resourceRef);
          return {
            result:
              decision.pluginId === 'catalog' &&
              condition.rule === 'IS_ENTITY_OWNER' &&
              o !== undefined &&
              (condition.params!.claims as string[]).includes(o)
                ? ALLOW
                : DENY,
          };
        }),
    ) as any,
    authorizeConditional: jest.fn(async (requests, { credentials }) =>
      requests.map(() => state.policy(claimsOf(credentials))),
    ) as any,
  });
  const directory = new TenantDirectory({
    catalog,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
  });
  const authorizer = new TenantAuthorizer({
    directory,
    permissions,
    serviceGrants: new Map([
      ['grafana-team-a', { tenant: 'team-a', rights: ['read'] }],
    ]),
    decisions: { evaluateConditionsLocally: true, ...options },
  });
  const calls = () =>
    (permissions.authorize as jest.Mock).mock.calls.length +
    (permissions.authorizeConditional as jest.Mock).mock.calls.length;
  return {
    authorizer,
    directory,
    permissions,
    claims,
    state,
    getEntities,
    calls,
  };
}

const user = (
  ref: string,
  expiresInMs?: number,
): BackstageCredentials<BackstageUserPrincipal> => ({
  ...mockCredentials.user(ref),
  ...(expiresInMs !== undefined
    ? { expiresAt: new Date(Date.now() + expiresInMs) }
    : {}),
});
const alice = user('user:default/alice');
const bob = user('user:default/bob');

/** The kind of scope the caller gets, or 'refused'. */
const outcome = (p: Promise<{ kind: string }>) =>
  p.then(
    s => s.kind,
    e => (e.name === 'NotAllowedError' ? 'refused' : Promise.reject(e)),
  );

describe('TenantAuthorizer', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-01-01') }));
  afterEach(() => jest.useRealTimers());

  it('decides once per principal and tenant, from the policy, without the catalog', async () => {
    const { authorizer, permissions, getEntities } = setup();
    for (let i = 0; i < 50; i++) {
      await expect(authorizer.scope('team-a', alice)).resolves.toMatchObject({
        kind: 'tenant',
      });
    }
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(1);
    // No resource request, so the catalog applies no condition per request.
    expect(permissions.authorize).not.toHaveBeenCalled();
    expect(getEntities).toHaveBeenCalledTimes(1);
  });

  it('never lets two principals share a decision', async () => {
    const { authorizer } = setup();
    expect(await outcome(authorizer.scope('team-a', alice))).toBe('tenant');
    expect(await outcome(authorizer.scope('team-a', bob))).toBe('refused');
    expect(await outcome(authorizer.scope('team-b', bob))).toBe('tenant');
    expect(await outcome(authorizer.scope('team-b', alice))).toBe('refused');
    // Also not through a service acting on a user's behalf.
    const onBehalf = {
      ...bob,
      principal: { ...bob.principal, actor: { subject: 'plugin:x' } },
    } as BackstageCredentials;
    expect(await outcome(authorizer.scope('team-a', onBehalf))).toBe('refused');
    // A denial is not shared either.
    expect(await outcome(authorizer.scope('team-a', alice))).toBe('tenant');
  });

  it('keeps the decisions of definitive answers apart too', async () => {
    const { authorizer } = setup({ evaluateConditionsLocally: false });
    expect(await outcome(authorizer.scope('team-a', alice))).toBe('tenant');
    expect(await outcome(authorizer.scope('team-a', bob))).toBe('refused');
    expect(await authorizer.isAdmin(user('user:default/admin'))).toBe(true);
    expect(await authorizer.isAdmin(alice)).toBe(false);
  });

  it('does not use a decision past the expiry of the token', async () => {
    const { authorizer, claims, calls } = setup();
    const shortLived = user('user:default/alice', 2_000);
    expect(await outcome(authorizer.scope('team-a', shortLived))).toBe(
      'tenant',
    );
    claims['user:default/alice'] = [];
    // Expired credentials are never answered from the cache.
    await jest.advanceTimersByTimeAsync(2_000);
    const before = calls();
    expect(await outcome(authorizer.scope('team-a', shortLived))).toBe(
      'refused',
    );
    expect(calls()).toBe(before + 1);
    // And a new token does not inherit the decision made for the old one.
    expect(
      await outcome(
        authorizer.scope('team-a', user(alice.principal.userEntityRef, 60_000)),
      ),
    ).toBe('refused');
  });

  it('takes a revoked membership into account after the cache time', async () => {
    const { authorizer, claims } = setup();
    expect(await outcome(authorizer.scope('team-a', alice))).toBe('tenant');
    claims['user:default/alice'] = [];
    // The documented staleness: up to 10 s.
    await jest.advanceTimersByTimeAsync(9_000);
    expect(await outcome(authorizer.scope('team-a', alice))).toBe('tenant');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(await outcome(authorizer.scope('team-a', alice))).toBe('refused');
    expect(await authorizer.visibleTenants(alice)).toEqual([]);
  });

  it('takes a changed policy into account after the cache time', async () => {
    const { authorizer, state } = setup({ ttlMs: 5_000 });
    expect((await authorizer.visibleTenants(alice)).map(t => t.id)).toEqual([
      'team-a',
    ]);
    expect(await outcome(authorizer.scope('team-a', alice))).toBe('tenant');
    state.policy = () => ({ result: DENY });
    await jest.advanceTimersByTimeAsync(5_000);
    expect(await outcome(authorizer.scope('team-a', alice))).toBe('refused');
    expect(await authorizer.visibleTenants(alice)).toEqual([]);
  });

  it('takes a revoked admin membership into account after the cache time', async () => {
    const { authorizer, claims } = setup();
    const admin = user('user:default/admin');
    expect(await outcome(authorizer.scope('*', admin))).toBe('admin');
    claims['user:default/admin'] = [];
    await jest.advanceTimersByTimeAsync(10_000);
    expect(await outcome(authorizer.scope('*', admin))).toBe('refused');
  });

  it('forgets a tenant removed from the catalog after the refresh', async () => {
    const { authorizer, getEntities } = setup();
    expect(await outcome(authorizer.scope('team-b', bob))).toBe('tenant');
    getEntities.mockResolvedValue({ items: [tenant('team-a')] });
    await jest.advanceTimersByTimeAsync(30_000);
    expect(await outcome(authorizer.scope('team-b', bob))).toBe('refused');
    expect(await authorizer.visibleTenants(bob)).toEqual([]);
  });

  it('decides again for a tenant that changed hands, once the directory sees it', async () => {
    const { authorizer, getEntities } = setup();
    expect(await outcome(authorizer.scope('team-b', bob))).toBe('tenant');
    getEntities.mockResolvedValue({
      items: [tenant('team-a'), tenant('team-b', 'group:default/team-a')],
    });
    await jest.advanceTimersByTimeAsync(30_000);
    expect(await outcome(authorizer.scope('team-b', bob))).toBe('refused');
    expect(await outcome(authorizer.scope('team-b', alice))).toBe('tenant');
  });

  it.each<[string, PolicyDecision]>([
    [
      'an unknown rule',
      {
        result: CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'HAS_LABEL',
          resourceType: 'catalog-entity',
          params: { label: 'x' },
        },
      },
    ],
    [
      'an unknown rule next to a known one',
      {
        result: CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          anyOf: [
            owner(['group:default/team-a']),
            { rule: 'HAS_LABEL', resourceType: 'catalog-entity', params: {} },
          ],
        },
      },
    ],
    [
      "another plugin's rule of the same name",
      {
        result: CONDITIONAL,
        pluginId: 'other',
        resourceType: 'catalog-entity',
        conditions: owner(['group:default/team-a']),
      },
    ],
  ])(
    'leaves %s in a conditional decision to the permission framework',
    async (_, decision) => {
      const { authorizer, state, permissions } = setup();
      state.policy = () => decision;
      // The framework (the catalog) denies here, though the owner rule alone would allow.
      expect(await outcome(authorizer.scope('team-a', alice))).toBe('refused');
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          expect.objectContaining({
            resourceRef: 'system:default/team-a-monitoring',
          }),
        ],
        { credentials: alice },
      );
      expect(await authorizer.visibleTenants(alice)).toEqual([]);
    },
  );

  it('evaluates all-of, any-of and not of the owner rule', async () => {
    const { authorizer, state } = setup();
    state.policy = () => ({
      result: CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        allOf: [
          {
            anyOf: [
              owner(['group:default/team-a']),
              owner(['group:default/team-b']),
            ],
          },
          { not: owner(['group:default/team-b']) },
        ],
      },
    });
    expect((await authorizer.visibleTenants(alice)).map(t => t.id)).toEqual([
      'team-a',
    ]);
  });

  it('asks the permission framework when the policy answer is no decision', async () => {
    const { authorizer, permissions } = setup();
    (permissions.authorizeConditional as jest.Mock).mockResolvedValue(
      undefined,
    );
    expect(await outcome(authorizer.scope('team-a', alice))).toBe('tenant');
    expect(await outcome(authorizer.scope('team-b', alice))).toBe('refused');
    expect(permissions.authorize).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed decision', async () => {
    const { authorizer, permissions } = setup();
    (permissions.authorizeConditional as jest.Mock).mockRejectedValueOnce(
      new Error('permission backend down'),
    );
    await expect(authorizer.scope('team-a', alice)).rejects.toThrow(
      'permission backend down',
    );
    expect(await outcome(authorizer.scope('team-a', alice))).toBe('tenant');
  });

  it('keeps at most maxEntries decisions, dropping the least recently used', async () => {
    const { authorizer, permissions } = setup({
      maxEntries: 2,
      evaluateConditionsLocally: false,
    });
    const carol = user('user:default/carol');
    await authorizer.scope('team-a', alice);
    await authorizer.scope('team-a', bob).catch(() => undefined);
    await authorizer.scope('team-a', alice);
    await authorizer.scope('team-a', carol).catch(() => undefined);
    expect(permissions.authorize).toHaveBeenCalledTimes(3);
    // bob's was the least recently used one.
    await authorizer.scope('team-a', alice);
    expect(permissions.authorize).toHaveBeenCalledTimes(3);
    await authorizer.scope('team-a', bob).catch(() => undefined);
    expect(permissions.authorize).toHaveBeenCalledTimes(4);
  });

  it('asks every time with a cache time of 0', async () => {
    const { authorizer, calls } = setup({ ttlMs: 0 });
    await authorizer.scope('team-a', alice);
    await authorizer.scope('team-a', alice);
    expect(calls()).toBe(2);
  });

  it('decides many tenants in one batch and remembers each decision', async () => {
    const { authorizer, permissions } = setup({
      evaluateConditionsLocally: false,
    });
    expect((await authorizer.visibleTenants(alice)).map(t => t.id)).toEqual([
      'team-a',
    ]);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    await authorizer.scope('team-a', alice);
    await authorizer.visibleTenants(alice);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
  });

  it('decides static service tokens from their grants alone', async () => {
    const { authorizer, calls } = setup();
    const grafana = mockCredentials.service('grafana-team-a');
    expect(await outcome(authorizer.scope('team-a', grafana))).toBe('tenant');
    expect(await outcome(authorizer.scope('team-b', grafana))).toBe('refused');
    expect(await outcome(authorizer.scope('team-a', grafana, 'write'))).toBe(
      'refused',
    );
    expect(calls()).toBe(0);
  });

  it('decides a tenant token from the grant its credentials carry, like a static token', async () => {
    const { authorizer, calls } = setup();
    const token = tenantTokenCredentials('abc', {
      tenant: 'team-b',
      rights: ['read', 'silence'],
    });
    expect(token.principal.subject).toBe('tenant-token:abc');
    expect(await outcome(authorizer.scope('team-b', token))).toBe('tenant');
    expect(await outcome(authorizer.scope('team-b', token, 'silence'))).toBe(
      'tenant',
    );
    expect(await outcome(authorizer.scope('team-b', token, 'write'))).toBe(
      'refused',
    );
    expect(await outcome(authorizer.scope('team-a', token))).toBe('refused');
    expect(await outcome(authorizer.scope('*', token))).toBe('refused');
    expect(await authorizer.isAdmin(token)).toBe(false);
    expect((await authorizer.visibleTenants(token)).map(t => t.id)).toEqual([
      'team-b',
    ]);
    expect(calls()).toBe(0);
  });

  it('gives nothing to a principal that only names a tenant token', async () => {
    const { authorizer } = setup();
    tenantTokenCredentials('abc', { tenant: 'team-a', rights: ['read'] });
    const impostor = mockCredentials.service('tenant-token:abc');
    expect(await outcome(authorizer.scope('team-a', impostor))).toBe('refused');
  });

  it.each([
    [{ tenant: '*', rights: ['read'] }, "cannot be granted tenant '*'"],
    [{ tenant: 'a|b', rights: ['read'] }, "cannot be granted tenant 'a|b'"],
    [{ tenant: 'team-a', rights: ['admin'] }, "cannot have the right 'admin'"],
  ])('never makes tenant token credentials for %j', (grant, message) => {
    expect(() => tenantTokenCredentials('abc', grant as any)).toThrow(message);
  });

  it('matches service principals by their full subject', async () => {
    const { authorizer } = setup();
    // A JWKS token's subject carries `external:`; a static token's does not.
    for (const subject of [
      'external:grafana-team-a',
      'external:x:grafana-team-a',
      'plugin:grafana-team-a',
    ]) {
      const caller = mockCredentials.service(subject);
      expect([
        subject,
        await outcome(authorizer.scope('team-a', caller)),
      ]).toEqual([subject, 'refused']);
    }
  });

  it('lets the admin permission decide the admin view, once per principal', async () => {
    const { authorizer, permissions } = setup();
    const admin = user('user:default/admin');
    expect(await outcome(authorizer.scope('*', admin))).toBe('admin');
    expect(await outcome(authorizer.scope('*', admin))).toBe('admin');
    expect(await outcome(authorizer.scope('*', alice))).toBe('refused');
    expect(permissions.authorize).toHaveBeenCalledTimes(2);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: monitoringStackAdminReadPermission }],
      { credentials: admin },
    );
  });
});
