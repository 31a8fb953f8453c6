import { enforcePromQL } from '../../promqlEnforcer';
import {
  matcherText,
  quoteMeta,
  TenantMatcher,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { ConformanceCase } from './caseLoader';
import { CaseOutcome, OutcomeBuilder } from './caseOutcome';
import { everySelectorCarries, normalisePromQL } from './promqlNormaliser';

/** Our words for prom-label-proxy's sentinel errors. */
const ERROR_MESSAGES: Record<string, RegExp> = {
  ErrIllegalLabelMatcher: /can never match this tenant/,
  ErrQueryParse: /does not parse|is empty/,
};

/**
 * The tenant matcher(s) a unit case enforces, or why our TenantMatcher cannot
 * express it: it only pins a label to a set of literal values.
 */
export function unitCaseMatchers(c: ConformanceCase): TenantMatcher[] | string {
  const labels = Array.isArray(c.label) ? c.label : [c.label];
  const values = Array.isArray(c.value) ? c.value : [c.value ?? ''];
  const type = c.enforced_matcher_type ?? '=';
  if (type === '!=' || type === '!~') return `a ${type} enforcer`;
  if (type === '=')
    return labels.map((label, i) => ({ label, values: [values[i]] }));
  // `=~"a|b"` of literals is the tenant with values a and b.
  const parts = values[0].split('|');
  if (labels.length !== 1 || parts.some(p => quoteMeta(p) !== p)) {
    return `the regex enforcer ${JSON.stringify(values[0])}`;
  }
  return [{ label: labels[0], values: parts }];
}

/**
 * Runs a PromQLEnforcer unit case through `enforcePromQL`, one tenant
 * matcher after the other for multi-label cases, and compares the result
 * semantically. Throws when our output lacks a tenant matcher on a selector.
 */
export function runEnforceCase(c: ConformanceCase): CaseOutcome {
  const matchers = unitCaseMatchers(c);
  if (typeof matchers === 'string') {
    return {
      result: 'not-applicable',
      why: `our tenant matcher cannot express ${matchers}`,
    };
  }
  const outcome = new OutcomeBuilder();
  let ours: string | undefined;
  let error: Error | undefined;
  try {
    ours = matchers.reduce(
      (query, m) => enforcePromQL(query, m),
      c.query ?? '',
    );
  } catch (e) {
    error = e as Error;
  }
  if (ours !== undefined) {
    for (const m of matchers) {
      if (!everySelectorCarries(ours, matcherText(m))) {
        throw new Error(
          `LEAK in ${c.id}: ${ours} lacks ${matcherText(m)} on a selector`,
        );
      }
    }
  }
  if (c.expect_error) {
    if (!error)
      outcome.differ(
        `we accept it (${ours}), prom-label-proxy fails with ${c.expect_error}`,
      );
    else if (!ERROR_MESSAGES[c.expect_error]?.test(error.message)) {
      outcome.differ(
        `we fail with '${error.message}', prom-label-proxy with ${c.expect_error}`,
      );
    }
  } else if (error) {
    outcome.differ(
      `we fail with '${error.message}', prom-label-proxy gives ${c.expect_query}`,
    );
  } else {
    outcome.expectEqual(
      'query',
      normalisePromQL(ours!),
      normalisePromQL(c.expect_query!),
    );
  }
  return outcome.build();
}
