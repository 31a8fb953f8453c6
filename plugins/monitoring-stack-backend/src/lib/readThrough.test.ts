import { mockServices } from '@backstage/backend-test-utils';
import { readThrough } from './readThrough';

describe('readThrough', () => {
  it('loads once for concurrent misses of one key, and stores the answer', async () => {
    const cache = mockServices.cache.mock();
    cache.get.mockResolvedValue(undefined);
    cache.set.mockResolvedValue(undefined);
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>(resolve => (release = resolve));
    const load = async () => {
      loads += 1;
      await gate;
      return { up: true };
    };
    const reads = Array.from({ length: 8 }, () =>
      readThrough(cache, 'health:shared', 10_000, load),
    );
    // Let every read pass its cache lookup before the load ends.
    await new Promise(resolve => setImmediate(resolve));
    release();
    expect(await Promise.all(reads)).toEqual(Array(8).fill({ up: true }));
    expect(loads).toBe(1);
    expect(cache.set).toHaveBeenCalledTimes(1);
    expect(cache.set).toHaveBeenCalledWith(
      'health:shared',
      { up: true },
      { ttl: 10_000 },
    );
  });

  it('loads again once a load has ended, and does not keep what `keep` refuses', async () => {
    const cache = mockServices.cache.mock();
    cache.get.mockResolvedValue(undefined);
    cache.set.mockResolvedValue(undefined);
    let loads = 0;
    const load = async () => ({ n: ++loads, errors: ['loki'] });
    await readThrough(cache, 'k', 1000, load, v => v.errors.length === 0);
    const second = await readThrough(
      cache,
      'k',
      1000,
      load,
      v => v.errors.length === 0,
    );
    expect(second.n).toBe(2);
    expect(cache.set).not.toHaveBeenCalled();
  });

  it('answers from the cache without loading', async () => {
    const cache = mockServices.cache.mock();
    cache.get.mockResolvedValue({ cached: true });
    const load = jest.fn();
    expect(await readThrough(cache, 'k', 1000, load)).toEqual({ cached: true });
    expect(load).not.toHaveBeenCalled();
  });

  it('passes a failed load to every waiting reader and tries again next time', async () => {
    const cache = mockServices.cache.mock();
    cache.get.mockResolvedValue(undefined);
    cache.set.mockResolvedValue(undefined);
    const load = jest
      .fn()
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValue('up');
    const reads = [
      readThrough(cache, 'k', 1000, load),
      readThrough(cache, 'k', 1000, load),
    ];
    await expect(Promise.all(reads)).rejects.toThrow('down');
    expect(await readThrough(cache, 'k', 1000, load)).toBe('up');
  });
});
