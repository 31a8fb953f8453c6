/** What the helper needs of an AWS SDK command: its class and its input. */
type PagedCommand = { input: object };

/**
 * The configuration of an AWS SDK v3 paginator (`paginateLookupEvents`,
 * ...) whose every request has an input of its own. The paginators move the
 * token on one shared input object, so a request on record (a log line, a
 * client mock) would otherwise show the last page's token.
 */
export function pagination<C>(client: C, startingToken?: string) {
  return {
    client,
    startingToken,
    withCommand: (command: PagedCommand): any =>
      new (command.constructor as new (input: object) => PagedCommand)({
        ...command.input,
      }),
  };
}

/**
 * The items of at most `maxPages` pages of a paginator, each page mapped by
 * `items`; the rest is not asked for.
 */
export async function collectPages<P, T>(
  pages: AsyncIterable<P>,
  maxPages: number,
  items: (page: P) => T[],
): Promise<T[]> {
  const collected: T[] = [];
  let read = 0;
  for await (const page of pages) {
    collected.push(...items(page));
    if (++read >= maxPages) break;
  }
  return collected;
}
