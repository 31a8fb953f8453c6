import {
  matcherText,
  TenantMatcher,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { enforcePromQL, enforceSeriesSelector } from './promqlEnforcer';

/** Enforced queries kept at most, least recently used dropped first. */
export const ENFORCED_QUERIES_KEPT = 1_000;
/** Longer queries are enforced each time, so the memory kept stays small. */
export const ENFORCED_QUERY_MAX_LENGTH = 2_048;

/**
 * The enforcer's answers, remembered: dashboards send the same few queries
 * again at every refresh, and parsing, printing and re-checking a query is
 * most of the gateway's own work on a request. What Prometheus receives is a
 * pure function of the query, the tenant's matcher and the parameter, which
 * together are the key, so a remembered answer is the one the enforcer would
 * give. Refusals are not remembered: they are thrown by the enforcer every
 * time.
 */
export class EnforcedQueries {
  private readonly entries = new Map<string, string>();

  constructor(
    private readonly maxEntries = ENFORCED_QUERIES_KEPT,
    private readonly maxQueryLength = ENFORCED_QUERY_MAX_LENGTH,
  ) {}

  /** {@link enforcePromQL}, remembered. */
  promQL(query: string, matcher: TenantMatcher, param = 'query'): string {
    return this.remember('query', param, query, matcher, () =>
      enforcePromQL(query, matcher, param),
    );
  }

  /** {@link enforceSeriesSelector}, remembered. */
  seriesSelector(selector: string, matcher: TenantMatcher): string {
    return this.remember('match', 'match[]', selector, matcher, () =>
      enforceSeriesSelector(selector, matcher),
    );
  }

  private remember(
    kind: string,
    param: string,
    query: string,
    matcher: TenantMatcher,
    enforce: () => string,
  ): string {
    if (query.length > this.maxQueryLength) return enforce();
    // The matcher's text quotes its values, so no newline of a value can
    // run into the query: the key is unambiguous.
    const key = `${kind}\n${param}\n${matcherText(matcher)}\n${query}`;
    const known = this.entries.get(key);
    if (known !== undefined) {
      // Most recently used last: a Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    const enforced = enforce();
    this.entries.set(key, enforced);
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return enforced;
  }
}
