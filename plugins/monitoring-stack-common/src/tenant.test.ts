import {
  DEFAULT_RETENTION,
  formatRetention,
  parseRetention,
  parseTenant,
  parseTenants,
  TenantValidationError,
  tenantNamespaceList,
} from './tenant';

const valid = {
  id: 'team-a',
  owner: 'team-a',
  namespaces: { 'eks-shared': ['team-a', 'team-a-jobs'] },
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof TenantValidationError) return e.problems;
    throw e;
  }
  throw new Error('expected a TenantValidationError');
}

describe('parseTenant', () => {
  it('applies defaults and normalises the owner ref', () => {
    const tenant = parseTenant(valid);
    expect(tenant).toEqual({
      id: 'team-a',
      title: 'team-a',
      owner: 'group:default/team-a',
      namespaces: { 'eks-shared': ['team-a', 'team-a-jobs'] },
      seriesLabel: 'namespace',
      snsTopicArns: [],
      notificationTargets: [],
      retention: DEFAULT_RETENTION,
    });
    expect(tenantNamespaceList(tenant)).toEqual([
      'eks-shared/team-a',
      'eks-shared/team-a-jobs',
    ]);
  });

  it('lets a tenant_id tenant have no namespaces', () => {
    expect(
      parseTenant({ id: 'x', owner: 'group:ops/x', seriesLabel: 'tenant_id' })
        .owner,
    ).toBe('group:ops/x');
  });

  it.each([
    [{ ...valid, id: '..' }, "t.id: must not be '.' or '..'"],
    [{ ...valid, id: 'a|b' }, "t.id: must not contain '|'"],
    [
      { ...valid, owner: 'user:default/bob' },
      "t.owner: must be a group entity ref, got kind 'user'",
    ],
    [
      { ...valid, namespaces: { c: ['Bad_NS'] } },
      't.namespaces.c[0]: must be a Kubernetes namespace name',
    ],
    [
      { ...valid, namespaces: {} },
      "t.namespaces: needs at least one namespace when seriesLabel is 'namespace'",
    ],
    [{ ...valid, seriesLabel: 'pod' }, 't.seriesLabel:'],
    [
      { ...valid, grafanaUrl: 'ftp://g' },
      't.grafanaUrl: must be an http or https URL',
    ],
    [
      { ...valid, snsTopicArns: ['arn:aws:sqs:eu-west-1:123456789012:q'] },
      't.snsTopicArns[0]: must be an SNS topic ARN',
    ],
    [
      { ...valid, retention: { rawDays: 60 } },
      't.retention.glacierAfterDays: must be later than rawDays (60)',
    ],
    [
      { ...valid, notificationTargets: [{ type: 'pager', address: 'x' }] },
      't.notificationTargets[0].type:',
    ],
    [{ ...valid, colour: 'red' }, 't: Unrecognized key'],
  ])('names the key and the rule: %#', (input, message) => {
    const problems = problemsOf(() => parseTenant(input, 't'));
    expect(problems.join('\n')).toContain(message);
  });
});

describe('parseTenants', () => {
  it('returns no tenants when the key is absent', () => {
    expect(parseTenants(undefined)).toEqual([]);
  });

  it('refuses duplicate ids, naming both entries', () => {
    expect(problemsOf(() => parseTenants([valid, valid]))).toEqual([
      "monitoringStack.tenants[1].id: 'team-a' is already used by monitoringStack.tenants[0]",
    ]);
  });

  it('collects the problems of every entry', () => {
    const problems = problemsOf(() =>
      parseTenants([{ ...valid, id: '.' }, valid, { id: 'b' }]),
    );
    expect(problems).toEqual([
      "monitoringStack.tenants[0].id: must not be '.' or '..'",
      expect.stringMatching(/^monitoringStack\.tenants\[2\]\.owner: /),
    ]);
  });

  it('refuses a value that is not a list', () => {
    expect(problemsOf(() => parseTenants({ id: 'x' }))).toEqual([
      'monitoringStack.tenants: must be a list of tenants',
    ]);
  });
});

describe('the retention annotation', () => {
  const long = {
    rawDays: 90,
    glacierAfterDays: 180,
    expireAfterDays: 730,
    logsDays: 400,
  };

  it('writes every key and reads it back', () => {
    expect(formatRetention(DEFAULT_RETENTION)).toBe(
      'raw=30,glacier=60,expire=365,logs=30',
    );
    expect(parseRetention(formatRetention(long))).toEqual(long);
    expect(
      parseRetention(' logs = 400 , raw=90,glacier=180,expire=730 '),
    ).toEqual(long);
  });

  it("takes the default's days for a key left out, as config does", () => {
    expect(parseRetention('logs=90')).toEqual({
      ...DEFAULT_RETENTION,
      logsDays: 90,
    });
    expect(parseRetention('logs=90')).toEqual(
      parseTenant({ ...valid, retention: { logsDays: 90 } }).retention,
    );
  });

  it.each([
    [
      '',
      'r: must be comma-separated key=days pairs of raw, glacier, expire, logs',
    ],
    [
      'raw=30,keep=9',
      "r: unknown key 'keep' (known: raw, glacier, expire, logs)",
    ],
    ['raw=30d', "r: raw must be a whole number of days, got '30d'"],
    ['logs=-1', "r: logs must be a whole number of days, got '-1'"],
    ['logs', "r: logs must be a whole number of days, got ''"],
    ['raw=1,raw=2', "r: 'raw' is given twice"],
    ['toString=1', "r: unknown key 'toString'"],
    // The rules of config's retention, in its words.
    ['raw=60', 'r.glacierAfterDays: must be later than rawDays (60)'],
    [
      'expire=30',
      'r.expireAfterDays: must not be earlier than glacierAfterDays (60)',
    ],
    ['logs=0', 'r.logsDays: Number must be greater than 0'],
  ])('refuses %p, naming the key and the rule', (value, message) => {
    expect(problemsOf(() => parseRetention(value, 'r')).join('\n')).toContain(
      message,
    );
  });
});
