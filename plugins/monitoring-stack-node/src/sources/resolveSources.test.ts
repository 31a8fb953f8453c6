import { resolveSources } from './resolveSources';

type Source = { id: string };
const config: Source = { id: 'config' };
const kubernetes: Source = { id: 'kubernetes' };
const registry: Source = { id: 'registry' };

describe('resolveSources', () => {
  it('keeps the built-in sources and appends added ones in order', async () => {
    expect(await resolveSources([config, kubernetes], [registry])).toEqual([
      config,
      kubernetes,
      registry,
    ]);
  });

  it('lets a factory wrap, filter or replace what is in place before it', async () => {
    const seen: string[][] = [];
    const sources = await resolveSources<Source>(
      [config, kubernetes],
      [
        ({ getDefault }) => {
          seen.push(getDefault().map(s => s.id));
          return getDefault().filter(s => s.id !== 'kubernetes');
        },
        registry,
        async ({ getDefault }) => {
          seen.push(getDefault().map(s => s.id));
          return [...getDefault(), { id: 'late' }];
        },
      ],
    );
    expect(seen).toEqual([
      ['config', 'kubernetes'],
      ['config', 'registry'],
    ]);
    expect(sources.map(s => s.id)).toEqual(['config', 'registry', 'late']);
  });

  it('does not let a factory change the list it was given', async () => {
    const builtIn = [config];
    await resolveSources<Source>(builtIn, [
      ({ getDefault }) => {
        getDefault().push(registry);
        return [];
      },
    ]);
    expect(builtIn).toEqual([config]);
  });
});
