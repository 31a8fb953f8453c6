import { InputError } from '@backstage/errors';
import { parser } from '@grafana/lezer-logql';
import { firstSyntaxErrorAt } from '@internal/plugin-monitoring-stack-common';

/**
 * Refuses LogQL that does not parse, before it reaches Loki. Isolation of
 * logs does not depend on the query (Loki scopes by `X-Scope-OrgID`), but a
 * clear 400 is better than Loki's answer, and it keeps junk off the ruler.
 */
export function validateLogQL(query: string, param = 'query'): void {
  if (query.trim() === '') {
    throw new InputError(`${param}: the query is empty`);
  }
  const errorAt = firstSyntaxErrorAt(parser.parse(query));
  if (errorAt !== undefined) {
    throw new InputError(
      `${param}: LogQL does not parse at position ${errorAt} (near '${query.slice(
        errorAt,
        errorAt + 20,
      )}')`,
    );
  }
}
