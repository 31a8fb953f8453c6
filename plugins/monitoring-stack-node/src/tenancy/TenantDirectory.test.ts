import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { MONITORING_STACK_PROVIDER_LOCATION } from '@internal/plugin-monitoring-stack-common';
import { TenantDirectory } from './TenantDirectory';

/** A tenant System; by default as the catalog module's provider emits it. */
function system(
  id: string,
  namespaces: string[],
  options: { name?: string; location?: string; topics?: string[] } = {},
): Entity {
  const location = options.location ?? MONITORING_STACK_PROVIDER_LOCATION;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: options.name ?? `${id}-monitoring`,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
        'monitoring-stack.io/source': 'config',
        'monitoring-stack.io/tenant-id': id,
        'monitoring-stack.io/namespaces': namespaces
          .map(n => `eks/${n}`)
          .join(','),
        ...(options.topics
          ? { 'monitoring-stack.io/sns-topic-arns': options.topics.join(',') }
          : {}),
      },
    },
    spec: { owner: `group:default/${id}` },
  };
}

function setup(entities: Entity[]) {
  const catalog = catalogServiceMock({ entities });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  const logger = mockServices.logger.mock();
  let now = 0;
  const directory = new TenantDirectory({
    catalog,
    auth: mockServices.auth(),
    logger,
    now: () => now,
  });
  return {
    directory,
    catalog,
    getEntities,
    logger,
    advance: (ms: number) => (now += ms),
  };
}

const ids = async (d: TenantDirectory) => [...(await d.all()).keys()].sort();

describe('TenantDirectory', () => {
  it('reads the tenants of the catalog and reuses them for 30 seconds', async () => {
    const { directory, getEntities, advance } = setup([
      system('team-a', ['team-a']),
    ]);
    expect(await ids(directory)).toEqual(['team-a']);
    advance(29_000);
    await directory.find('team-a');
    expect(getEntities).toHaveBeenCalledTimes(1);
    advance(2_000);
    await directory.all();
    expect(getEntities).toHaveBeenCalledTimes(2);
  });

  it('asks again right away while the catalog has no tenants yet', async () => {
    const { directory, getEntities } = setup([]);
    await expect(directory.find('team-a')).resolves.toBeUndefined();
    await directory.all();
    expect(getEntities).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed read', async () => {
    const { directory, getEntities } = setup([system('team-a', ['team-a'])]);
    getEntities.mockRejectedValueOnce(new Error('catalog down'));
    await expect(directory.all()).rejects.toThrow('catalog down');
    await expect(directory.find('team-a')).resolves.toMatchObject({
      id: 'team-a',
    });
  });

  it('ignores a System a user registered, whatever it claims', async () => {
    // What the catalog makes of a catalog-info.yaml at a registered URL: it
    // overwrites both location annotations with the URL.
    const registered = system('team-x', ['team-b'], {
      location:
        'url:https://github.com/mallory/repo/blob/main/catalog-info.yaml',
      topics: ['arn:aws:sns:eu-west-1:123456789012:team-b-alerts'],
    });
    const forgedSource = system('team-y', ['team-b']);
    delete forgedSource.metadata.annotations!['monitoring-stack.io/source'];
    const { directory } = setup([
      system('team-b', ['team-b']),
      registered,
      forgedSource,
    ]);
    expect(await ids(directory)).toEqual(['team-b']);
  });

  it('refuses every tenant of a contested namespace or topic, and names them', async () => {
    const topic = 'arn:aws:sns:eu-west-1:123456789012:team-b-alerts';
    const { directory, logger } = setup([
      system('team-a', ['team-a']),
      system('team-b', ['team-b'], { topics: [topic] }),
      system('team-c', ['team-c', 'team-b']),
      system('team-d', ['team-d'], { topics: [topic] }),
    ]);
    expect(await ids(directory)).toEqual(['team-a']);
    expect(logger.warn).toHaveBeenCalledWith(
      "Refused tenant entity system:default/team-c-monitoring: namespace 'team-b' is claimed by system:default/team-b-monitoring and system:default/team-c-monitoring",
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Refused tenant entity system:default\/team-d-monitoring: SNS topic .*team-b-alerts is claimed by/,
      ),
    );
  });

  it('never lets a newcomer replace a tenant it already accepted', async () => {
    const entities = [system('team-b', ['team-b'])];
    const { directory, advance, catalog } = setup(entities);
    expect(await ids(directory)).toEqual(['team-b']);
    // A second provider tenant claiming team-b's namespace, sorting first by name.
    jest.spyOn(catalog, 'getEntities').mockResolvedValue({
      items: [
        system('team-c', ['team-b'], { name: 'a-first-by-name' }),
        ...entities,
      ],
    });
    advance(31_000);
    expect(await ids(directory)).toEqual(['team-b']);
  });
});
