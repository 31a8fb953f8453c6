import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { tenantEntity } from '../__testUtils__/gatewayBackend';
import { TenantRegistry } from './TenantRegistry';

function setup(
  entities = [tenantEntity('team-a', { namespaces: ['team-a'] })],
) {
  const catalog = catalogServiceMock({ entities });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  let now = 0;
  const registry = new TenantRegistry(catalog, mockServices.auth(), () => now);
  return { registry, getEntities, advance: (ms: number) => (now += ms) };
}

describe('TenantRegistry', () => {
  it('reads the tenants of the catalog and reuses them for 30 seconds', async () => {
    const { registry, getEntities, advance } = setup();
    expect([...(await registry.all()).keys()]).toEqual(['team-a']);
    advance(29_000);
    await registry.get('team-a');
    expect(getEntities).toHaveBeenCalledTimes(1);
    advance(2_000);
    await registry.all();
    expect(getEntities).toHaveBeenCalledTimes(2);
  });

  it('asks again right away while the catalog has no tenants yet', async () => {
    const { registry, getEntities } = setup([]);
    await expect(registry.get('team-a')).rejects.toThrow(
      "No monitoring-stack tenant 'team-a'",
    );
    await registry.all();
    expect(getEntities).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed read', async () => {
    const { registry, getEntities } = setup();
    getEntities.mockRejectedValueOnce(new Error('catalog down'));
    await expect(registry.all()).rejects.toThrow('catalog down');
    await expect(registry.get('team-a')).resolves.toMatchObject({
      id: 'team-a',
    });
  });
});
