import { enforcePromQL, enforceSeriesSelector } from './promqlEnforcer';

const two = { label: 'namespace', values: ['team-a', 'team-a-jobs'] };
const one = { label: 'tenant_id', values: ["o'brien(1)"] };
const M2 = 'namespace=~"team-a|team-a-jobs"';

describe('enforcePromQL', () => {
  it.each([
    ['up', `up{${M2}}`],
    ['up{}', `up{${M2}}`],
    ['up{job="x"}', `up{${M2}, job="x"}`],
    ['{__name__=~".+"}', `{${M2}, __name__=~".+"}`],
    ['{"my.metric"}', `{${M2}, "my.metric"}`],
    ['rate(x[5m])', `rate(x{${M2}}[5m])`],
    [
      'sum by (a) (rate(x[5m:1m] @ 100 offset 1h))',
      `sum by (a) (rate(x{${M2}}[5m:1m] @ 100 offset 1h))`,
    ],
    [
      'a or on(namespace) b unless c',
      `a{${M2}} or on(namespace) b{${M2}} unless c{${M2}}`,
    ],
    [
      'label_replace(up, "namespace", "team-b", "", "")',
      `label_replace(up{${M2}}, "namespace", "team-b", "", "")`,
    ],
    [
      'absent(nope{namespace="team-a"})',
      `absent(nope{${M2}, namespace="team-a"})`,
    ],
    ['max_over_time((up == 1)[1h:])', `max_over_time((up{${M2}} == 1)[1h:])`],
    ['1 + 1', '1 + 1'],
  ])('scopes %s', (query, expected) => {
    expect(enforcePromQL(query, two)).toBe(expected);
  });

  it('escapes tenant values for regex and string', () => {
    expect(
      enforcePromQL('up', { label: 'namespace', values: ['a.b', 'c'] }),
    ).toBe('up{namespace=~"a\\\\.b|c"}');
    expect(enforcePromQL('up', one)).toBe(`up{tenant_id="o'brien(1)"}`);
  });

  it.each([
    'up{namespace="team-a"}',
    'up{namespace=~"team-.*"}',
    'up{namespace!="team-a"}',
    "up{namespace='team-a-jobs'}",
  ])('keeps a matcher that narrows the tenant: %s', query => {
    expect(enforcePromQL(query, two)).toContain(M2);
  });

  it.each([
    ['up{namespace="team-b"}', 'namespace="team-b"'],
    ['up{namespace=~"team-b|other"}', 'namespace=~"team-b|other"'],
    ['up{namespace!~"team-a.*"}', 'namespace!~"team-a.*"'],
    ['sum(x) + y{"namespace"="kube-system"}', '"namespace"="kube-system"'],
  ])(
    'refuses a matcher that can never match the tenant: %s',
    (query, shown) => {
      expect(() => enforcePromQL(query, two)).toThrow(
        `query: the matcher ${shown} can never match this tenant's namespace values (team-a, team-a-jobs)`,
      );
    },
  );

  it.each(['', '   ', 'up{', 'sum(', 'up[5m', 'foo{a="b"} bar'])(
    'refuses %p, which does not parse',
    q => {
      expect(() => enforcePromQL(q, two)).toThrow(
        /^query: (the query is empty|PromQL does not parse at position \d+)/,
      );
    },
  );
});

describe('enforceSeriesSelector', () => {
  it('scopes a selector', () => {
    expect(enforceSeriesSelector('up{job="x"}', two)).toBe(
      `up{${M2}, job="x"}`,
    );
  });
  it.each(['rate(up[5m])', 'up or down', 'up[5m]'])('refuses %s', s => {
    expect(() => enforceSeriesSelector(s, two)).toThrow(/^match\[\]: /);
  });
});
