import { NotFoundError } from '@backstage/errors';
import { TenantRef } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { lokiOrgId } from './lokiOrgId';

const tenant = (id: string) => ({ id } as TenantRef);

describe('lokiOrgId', () => {
  it("is the tenant's id for a tenant scope", () => {
    expect(lokiOrgId({ kind: 'tenant', tenant: tenant('team-a') })).toBe(
      'team-a',
    );
  });

  it("joins every tenant's id, sorted, for the admin view", () => {
    expect(
      lokiOrgId({
        kind: 'admin',
        tenants: [tenant('b'), tenant('a'), tenant('c')],
      }),
    ).toBe('a|b|c');
  });

  it('refuses an admin view without tenants', () => {
    expect(() => lokiOrgId({ kind: 'admin', tenants: [] })).toThrow(
      NotFoundError,
    );
  });
});
