import { InputError } from '@backstage/errors';
import { parser } from '@grafana/lezer-logql';

/**
 * Refuses LogQL that does not parse, before it reaches Loki. Isolation of
 * logs does not depend on the query (Loki scopes by `X-Scope-OrgID`), but a
 * clear 400 is better than Loki's answer, and it keeps junk off the ruler.
 */
export function validateLogQL(query: string, param = 'query'): void {
  if (query.trim() === '') {
    throw new InputError(`${param}: the query is empty`);
  }
  const tree = parser.parse(query);
  let errorAt: number | undefined;
  tree.iterate({
    enter(node) {
      if (errorAt !== undefined) return false;
      if (node.type.isError) errorAt = node.from;
      return undefined;
    },
  });
  if (errorAt !== undefined) {
    throw new InputError(
      `${param}: LogQL does not parse at position ${errorAt} (near '${query.slice(
        errorAt,
        errorAt + 20,
      )}')`,
    );
  }
}
