/** What the predicates of the table look at in a case. */
export type CaseFacts = {
  kind: string;
  suite: string;
  options?: Record<string, unknown>;
  values?: string[] | null;
  enforced_matcher_type?: string;
};

/** Why our gateway deliberately behaves unlike prom-label-proxy. */
export const REASONS = {
  tenantFromPath:
    'Our tenant comes from the URL path and the permission system, not a query parameter or header: a request without a tenant it may read is 403, not 400.',
  noRegexMatch:
    'The regex_match option does not exist: a tenant is a set of literal namespaces, so a value like `tenant1-.*` is a namespace name, not a pattern.',
  noNegativeEnforcer:
    'The gateway only enforces `label="v"` or `label=~"a|b"`; prom-label-proxy\'s `!=` and `!~` enforcers have no counterpart.',
  noParserOptions:
    'parser_options do not exist: we parse with the @prometheus-io/lezer-promql grammar, which knows mad_over_time but not duration expressions, `anchored` or `fill()`.',
  noPassthroughPaths:
    'The passthrough_paths option does not exist: the gateway serves only its enforced routes.',
  noUpstreamTlsConfig:
    'The upstream TLS options (client certificate, server name) do not exist in the gateway.',
  noHeaderListSyntax:
    "header_uses_list_syntax does not exist: a namespace is a Kubernetes name and a tenant's namespaces are a list already, so `default, second` is never one value.",
  noRulesApiOptions:
    "rules_with_active_alerts and label_matchers_for_rules_api do not exist: rules are the tenant's by their own labels, and filtered on the answer.",
  keepsUserMatcher:
    'Stricter: a user matcher on the tenant label that can match the tenant is kept next to the tenant matcher (Prometheus ANDs them) instead of replaced; every selector still carries the tenant matcher.',
  refusesImpossibleMatcher:
    'Stricter: a user matcher on the tenant label that can never match the tenant is refused with 400 instead of silently replaced.',
  refusesEmptyQuery:
    'Stricter: an empty or missing `query` is refused with 400 before the upstream, not answered 200 with an empty body.',
  refusesDuplicateParam:
    'Stricter: `query` given twice (URL and form body, even an empty one) is refused with 400; prom-label-proxy enforces both and Prometheus picks one.',
  alertsFilteredOnAnswer:
    "A namespace tenant's alerts are those with its tenant_id or, without one, in its namespaces (an alert belongs to the tenant whose rule produced it); no Alertmanager filter says that, so they are filtered on the answer and no tenant filter is added.",
  silencesFilteredOnAnswer:
    "Silences are filtered on the answer (a silence is the tenant's only with an exact tenant matcher) rather than by an added `filter`; the user's filters go to Alertmanager as they are, and it refuses invalid ones itself.",
  multiNamespaceSilences:
    'Tenants with several namespaces may use silences (with their own namespaces as matcher) where prom-label-proxy answers 422.',
  silenceNeedsTenantMatcher:
    'Stricter: a silence must carry an exact tenant matcher; one without (or with another namespace) is refused with 400, not rewritten.',
  silenceOfOthersIsNotFound:
    "Another tenant's or an unknown silence is 404 for the tenant, so its existence is not revealed (prom-label-proxy: 403, or 502 when unknown).",
  silenceIdInPath:
    'DELETE /api/v2/silence/ without an id is no route of the gateway: 404, not 400.',
} as const;

/** One row of the table: the cases (by id or predicate) and the reason. */
export type DeliberateDifference = {
  reason: keyof typeof REASONS;
  ids?: string[];
  when?: (c: CaseFacts) => boolean;
};

/** `suite#from` to `suite#to`. */
const range = (suite: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${suite}#${from + i}`);

/** TestQuery rows by their first id: each row runs on query, query_range and query_exemplars. */
const queryRows = (...firstIds: number[]) =>
  firstIds.flatMap(n => range('TestQuery', n, n + 2));

/** The cases we deliberately differ on, each with its reason; the first matching row counts. */
export const DELIBERATE_DIFFERENCES: DeliberateDifference[] = [
  {
    reason: 'noPassthroughPaths',
    when: c => c.options?.passthrough_paths !== undefined,
  },
  {
    reason: 'noUpstreamTlsConfig',
    when: c => c.suite.startsWith('TestNewRoutesUpstream'),
  },
  // prom-label-proxy drops empty values: these requests name no tenant.
  {
    reason: 'tenantFromPath',
    when: c => c.kind === 'http' && (c.values ?? []).every(v => v === ''),
  },
  {
    reason: 'noRegexMatch',
    ids: [
      ...range('TestEnforceWithErrOnReplace', 92, 99),
      ...queryRows(124, 127, 130),
      ...range('TestMatch', 25, 33),
      'TestRules#11',
      'TestRules#12',
      'TestAlerts#9',
      'TestAlerts#10',
      'TestListSilences#7',
      'TestDeleteSilence#9',
    ],
  },
  {
    reason: 'noNegativeEnforcer',
    when: c =>
      c.enforced_matcher_type === '!=' || c.enforced_matcher_type === '!~',
  },
  {
    reason: 'noParserOptions',
    ids: range('TestEnforceWithParserOptions', 2, 3).concat(
      'TestEnforceWithParserOptions#5',
      'TestEnforceWithParserOptions#7',
    ),
  },
  { reason: 'noHeaderListSyntax', ids: queryRows(112) },
  { reason: 'noRulesApiOptions', ids: ['TestRules#13', 'TestRules#14'] },
  {
    reason: 'keepsUserMatcher',
    ids: [6, 8, 9, 14, 15, 16, 18, 19].map(
      n => `TestEnforceWithErrOnReplace#${n}`,
    ),
  },
  {
    reason: 'refusesImpossibleMatcher',
    ids: queryRows(52, 58, 94, 106, 118, 121),
  },
  { reason: 'refusesEmptyQuery', ids: range('TestQuery', 7, 18) },
  {
    reason: 'refusesDuplicateParam',
    ids: queryRows(31, 34, 37, 40, 43, 46, 49, 61, 64, 79, 85),
  },
  { reason: 'silencesFilteredOnAnswer', ids: range('TestListSilences', 2, 5) },
  {
    reason: 'alertsFilteredOnAnswer',
    ids: [
      ...range('TestGetAlerts', 3, 7),
      ...range('TestGetAlertGroups', 3, 4),
    ],
  },
  {
    reason: 'silenceIdInPath',
    ids: ['TestDeleteSilence#2', 'TestDeleteSilence#8'],
  },
  {
    reason: 'multiNamespaceSilences',
    ids: ['TestListSilences#6', 'TestUpdateSilence#10'],
  },
  {
    reason: 'silenceNeedsTenantMatcher',
    ids: range('TestUpdateSilence', 3, 9).filter(
      id => id !== 'TestUpdateSilence#5',
    ),
  },
  {
    reason: 'silenceOfOthersIsNotFound',
    ids: range('TestDeleteSilence', 3, 5),
  },
];
