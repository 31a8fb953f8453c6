/**
 * A factory of the sources to use, given the ones already in place: it can
 * wrap, filter or replace them.
 * @public
 */
export type SourcesFactory<T> = (options: {
  getDefault: () => T[];
}) => T[] | Promise<T[]>;

/**
 * The sources to use: the built-in ones, then every added source and
 * factory in the order modules added them. A factory's `getDefault` returns
 * the sources in place before it.
 * @public
 */
export async function resolveSources<T>(
  builtIn: T[],
  additions: Array<T | SourcesFactory<T>>,
): Promise<T[]> {
  let sources = [...builtIn];
  for (const addition of additions) {
    if (typeof addition === 'function') {
      const before = sources;
      sources = [
        ...(await (addition as SourcesFactory<T>)({
          getDefault: () => [...before],
        })),
      ];
    } else {
      sources.push(addition);
    }
  }
  return sources;
}
