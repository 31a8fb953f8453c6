import { canonicalQuery } from '@internal/plugin-monitoring-stack-node';

/**
 * The LogQL Loki may receive: the gateway's own printing of the query's
 * parse tree (comments dropped, strings re-quoted), or an InputError when it
 * does not parse. Isolation of logs does not depend on the query (Loki
 * scopes by `X-Scope-OrgID`), but what reaches Loki or its ruler is then
 * what the gateway checked, not bytes another lexer may read differently.
 */
export function validateLogQL(query: string, param = 'query'): string {
  return canonicalQuery('LogQL', query, param);
}
