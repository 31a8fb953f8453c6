import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEFAULT_RETENTION,
  tenantOfRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { providerTenantSystem } from '../testUtils';
import { TenantDirectory } from './TenantDirectory';

/** A tenant System; by default as the catalog module's provider emits it. */
const system = (
  id: string,
  namespaces: string[],
  options: { name?: string; location?: string; topics?: string[] } = {},
): Entity =>
  providerTenantSystem(id, {
    name: options.name,
    location: options.location,
    snsTopicArns: options.topics,
    namespaces: namespaces.map(n => `eks/${n}`),
  });

function setup(entities: Entity[]) {
  const catalog = catalogServiceMock({ entities });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  const logger = mockServices.logger.mock();
  const directory = new TenantDirectory({
    catalog,
    auth: mockServices.auth(),
    logger,
  });
  return { directory, catalog, getEntities, logger };
}

const ids = async (d: TenantDirectory) => [...(await d.all()).keys()].sort();

describe('TenantDirectory', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('reads the tenants once, then only in the background every 30 seconds', async () => {
    const { directory, getEntities } = setup([system('team-a', ['team-a'])]);
    expect(await ids(directory)).toEqual(['team-a']);
    // Requests after the first load never wait for the catalog.
    await jest.advanceTimersByTimeAsync(29_000);
    await directory.find('team-a');
    await directory.all();
    expect(getEntities).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(getEntities).toHaveBeenCalledTimes(2);
    await directory.all();
    expect(getEntities).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(getEntities).toHaveBeenCalledTimes(3);
    directory.stop();
  });

  it('reads once for callers that arrive together', async () => {
    const { directory, getEntities } = setup([system('team-a', ['team-a'])]);
    await Promise.all([directory.all(), directory.find('team-a')]);
    expect(getEntities).toHaveBeenCalledTimes(1);
    directory.stop();
  });

  it('does not keep its timer running for a process that wants to exit', async () => {
    const { directory } = setup([system('team-a', ['team-a'])]);
    const setInterval = jest.spyOn(global, 'setInterval');
    await directory.all();
    const timer = setInterval.mock.results[0].value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    directory.stop();
  });

  it('drops a tenant removed from the catalog at the next refresh', async () => {
    const { directory, getEntities } = setup([
      system('team-a', ['team-a']),
      system('team-b', ['team-b']),
    ]);
    expect(await ids(directory)).toEqual(['team-a', 'team-b']);
    getEntities.mockResolvedValue({ items: [system('team-a', ['team-a'])] });
    await jest.advanceTimersByTimeAsync(29_000);
    expect(await ids(directory)).toEqual(['team-a', 'team-b']);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(await ids(directory)).toEqual(['team-a']);
    await expect(directory.find('team-b')).resolves.toBeUndefined();
    directory.stop();
  });

  it('keeps the last tenants when a refresh fails', async () => {
    const { directory, getEntities, logger } = setup([
      system('team-a', ['team-a']),
    ]);
    expect(await ids(directory)).toEqual(['team-a']);
    getEntities.mockRejectedValueOnce(new Error('catalog down'));
    await jest.advanceTimersByTimeAsync(30_000);
    expect(await ids(directory)).toEqual(['team-a']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('catalog down'),
    );
    directory.stop();
  });

  it('asks again right away while the catalog has no tenants yet', async () => {
    const { directory, getEntities } = setup([]);
    await expect(directory.find('team-a')).resolves.toBeUndefined();
    await directory.all();
    expect(getEntities).toHaveBeenCalledTimes(2);
  });

  it('asks again while a tenant entity has no owner relation yet (a catalog still stitching)', async () => {
    const stitched = system('team-a', ['team-a']);
    const { directory, getEntities } = setup([stitched]);
    getEntities.mockResolvedValueOnce({
      items: [{ ...stitched, relations: [] }],
    });
    // Owners must not be refused for the 30 s until the next refresh.
    await expect(directory.ownersOf('team-a')).resolves.toEqual([]);
    await expect(directory.ownersOf('team-a')).resolves.toEqual([
      'group:default/team-a',
    ]);
    expect(getEntities).toHaveBeenCalledTimes(2);
    // Complete, the list is kept as before.
    await directory.all();
    expect(getEntities).toHaveBeenCalledTimes(2);
    directory.stop();
  });

  it('does not keep a failed read', async () => {
    const { directory, getEntities } = setup([system('team-a', ['team-a'])]);
    getEntities.mockRejectedValueOnce(new Error('catalog down'));
    await expect(directory.all()).rejects.toThrow('catalog down');
    await expect(directory.find('team-a')).resolves.toMatchObject({
      id: 'team-a',
    });
    directory.stop();
  });

  it("knows the owners of each tenant's entity as the catalog relates them", async () => {
    const { directory } = setup([system('team-a', ['team-a'])]);
    await expect(directory.ownersOf('team-a')).resolves.toEqual([
      'group:default/team-a',
    ]);
    await expect(directory.ownersOf('team-x')).resolves.toEqual([]);
    directory.stop();
  });

  it("knows a member of some tenant by the tenants' owners, not by entities registered elsewhere", async () => {
    const { directory } = setup([
      system('team-a', ['team-a']),
      // A tenant-looking System a user registered: its owner is nobody's tenant.
      system('team-z', ['team-z'], { location: 'url:https://example.com/z' }),
    ]);
    await expect(
      directory.ownedByAny(['user:default/alice', 'group:default/team-a']),
    ).resolves.toBe(true);
    await expect(
      directory.ownedByAny(['user:default/zed', 'group:default/team-z']),
    ).resolves.toBe(false);
    await expect(directory.ownedByAny([])).resolves.toBe(false);
    directory.stop();
  });

  it("knows each tenant's namespaces by cluster, and which tenant claims a namespace", async () => {
    const teamA = providerTenantSystem('team-a', {
      namespaces: ['eks/team-a', 'eks/team-a-jobs', 'gke/team-a'],
    });
    // A look-alike a user registered claims nothing.
    const registered = system('team-x', ['kube-system'], {
      location: 'url:https://example.com/catalog-info.yaml',
    });
    const { directory } = setup([teamA, registered]);
    await expect(directory.namespacesOf('team-a')).resolves.toEqual(
      new Map([
        ['eks', ['team-a', 'team-a-jobs']],
        ['gke', ['team-a']],
      ]),
    );
    await expect(directory.namespacesOf('team-x')).resolves.toEqual(new Map());
    expect((await directory.namespaceOwner('team-a-jobs'))?.id).toBe('team-a');
    await expect(directory.namespaceOwner('kube-system')).resolves.toBe(
      undefined,
    );
    directory.stop();
  });

  it("gives each tenant's retention and namespaces by cluster, for the stack's render", async () => {
    const retention = {
      rawDays: 90,
      glacierAfterDays: 180,
      expireAfterDays: 730,
      logsDays: 400,
    };
    const { directory, logger } = setup([
      providerTenantSystem('team-a', {
        namespaces: ['eks/team-a', 'eks/team-a-jobs', 'gke/team-a'],
        retention,
      }),
      // From a provider that wrote no retention yet.
      system('team-b', ['team-b']),
      // One whose retention cannot be read is no tenant, not a default one.
      providerTenantSystem('team-c', {
        namespaces: ['eks/team-c'],
        annotations: { 'monitoring-stack.io/retention': 'raw=90d' },
      }),
    ]);
    const teamA = (await directory.find('team-a'))!;
    expect(teamA).toMatchObject({
      retention,
      namespaces: ['team-a', 'team-a-jobs'],
      namespacesByCluster: { eks: ['team-a', 'team-a-jobs'], gke: ['team-a'] },
    });
    expect(tenantOfRef(teamA)).toMatchObject({
      namespaces: { eks: ['team-a', 'team-a-jobs'], gke: ['team-a'] },
      retention,
      notificationTargets: [],
    });
    expect((await directory.find('team-b'))!.retention).toEqual(
      DEFAULT_RETENTION,
    );
    expect(await ids(directory)).toEqual(['team-a', 'team-b']);
    expect(logger.warn).toHaveBeenCalledWith(
      "Ignored tenant entity system:default/team-c-monitoring: monitoring-stack.io/retention: raw must be a whole number of days, got '90d'",
    );
    directory.stop();
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
    directory.stop();
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
    directory.stop();
  });

  it('never lets a newcomer replace a tenant it already accepted', async () => {
    const entities = [system('team-b', ['team-b'])];
    const { directory, getEntities } = setup(entities);
    expect(await ids(directory)).toEqual(['team-b']);
    // A second provider tenant claiming team-b's namespace, sorting first by name.
    getEntities.mockResolvedValue({
      items: [
        system('team-c', ['team-b'], { name: 'a-first-by-name' }),
        ...entities,
      ],
    });
    await jest.advanceTimersByTimeAsync(30_000);
    expect(getEntities).toHaveBeenCalledTimes(2);
    expect(await ids(directory)).toEqual(['team-b']);
    directory.stop();
  });
});
