import {
  alertmanagerFilter,
  expressionOfGeneratorUrl,
  fromAlertmanager,
  fromRuleAlerts,
  fromRuleGroups,
  mergeAlerts,
  severityOf,
  silenceUrl,
} from './normalizeAlerts';

const links = {
  alertmanagerUrl: 'https://am.example.com/',
  grafanaUrl: 'https://grafana.team-a.example.com',
};
const labels = {
  alertname: 'HighErrorRate',
  namespace: 'team-a',
  severity: 'warning',
};

describe('severityOf', () => {
  it.each([
    [{ severity: 'critical' }, 'critical'],
    [{ severity: 'Warning' }, 'warning'],
    [{ severity: 'info' }, 'info'],
    [{ severity: 'page' }, 'none'],
    [{}, 'none'],
  ])('%j is %s', (l, expected) => {
    expect(severityOf(l as Record<string, string>)).toBe(expected);
  });
});

describe('links', () => {
  it('builds the Alertmanager filter in label order and URL-encodes it', () => {
    expect(alertmanagerFilter({ b: '2', a: 'x"y' })).toBe('{a="x\\"y",b="2"}');
    expect(silenceUrl('https://am.example.com/', { alertname: 'A' })).toBe(
      'https://am.example.com/#/silences/new?filter=%7Balertname%3D%22A%22%7D',
    );
  });

  it.each([
    [
      'http://prom:9090/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+1&g0.tab=1',
      'rate(x[5m]) > 1',
    ],
    ['http://prom:9090/graph', undefined],
    ['not a url', undefined],
    [undefined, undefined],
  ])('reads the expression of generator URL %s', (url, expr) => {
    expect(expressionOfGeneratorUrl(url)).toBe(expr);
  });
});

describe('fromAlertmanager', () => {
  it.each([
    [{ state: 'active', silencedBy: [], inhibitedBy: [] }, 'firing', undefined],
    [{ state: 'unprocessed' }, 'firing', undefined],
    [
      { state: 'suppressed', silencedBy: ['s1'], inhibitedBy: ['fp2'] },
      'suppressed',
      ['s1', 'fp2'],
    ],
  ])('maps status %j to %s', (status, state, suppressedBy) => {
    const [alert] = fromAlertmanager(
      [
        {
          labels,
          annotations: {
            summary: 'Errors',
            description: 'Many',
            runbook_url: 'https://runbooks/x',
          },
          startsAt: '2026-01-01T00:00:00Z',
          fingerprint: 'abc123',
          generatorURL: 'http://prom/graph?g0.expr=up+%3D%3D+0',
          status,
        },
      ],
      links,
    );
    expect(alert).toEqual({
      id: 'abc123',
      name: 'HighErrorRate',
      severity: 'warning',
      state,
      since: '2026-01-01T00:00:00Z',
      summary: 'Errors',
      description: 'Many',
      runbookUrl: 'https://runbooks/x',
      labels,
      source: 'alertmanager',
      suppressedBy,
      silenceUrl: `https://am.example.com/#/silences/new?filter=${encodeURIComponent(
        '{alertname="HighErrorRate",namespace="team-a",severity="warning"}',
      )}`,
      expressionUrl: `https://grafana.team-a.example.com/explore?left=${encodeURIComponent(
        JSON.stringify({
          queries: [{ refId: 'A', expr: 'up == 0' }],
          range: { from: 'now-1h', to: 'now' },
        }),
      )}`,
    });
  });
});

describe('fromRuleGroups and fromRuleAlerts', () => {
  const groups = [
    {
      rules: [
        { type: 'recording', name: 'x:sum', query: 'sum(x)' },
        {
          type: 'alerting',
          name: 'HighErrorRate',
          query: 'rate(errors[5m]) > 1',
          alerts: [
            { labels, state: 'firing', activeAt: '2026-01-01T00:00:00Z' },
            {
              labels: { ...labels, pod: 'p2' },
              state: 'pending',
              activeAt: '2026-01-01T00:01:00Z',
            },
            { labels: { ...labels, pod: 'p3' }, state: 'inactive' },
          ],
        },
      ],
    },
  ];

  it('keeps pending and firing alerts of alerting rules with the rule expression', () => {
    const alerts = fromRuleGroups(groups, 'prometheus', {
      grafanaUrl: links.grafanaUrl,
    });
    expect(alerts.map(a => [a.state, a.labels.pod, a.source])).toEqual([
      ['firing', undefined, 'prometheus'],
      ['pending', 'p2', 'prometheus'],
    ]);
    expect(decodeURIComponent(alerts[0].expressionUrl!)).toContain(
      '"expr":"rate(errors[5m]) > 1"',
    );
    expect(alerts[0].silenceUrl).toBeUndefined();
    expect(alerts[0].id).toMatch(/^[0-9a-f]{16}$/);
    expect(alerts[0].id).not.toBe(alerts[1].id);
  });

  it('has no expression link for the alerts API', () => {
    const [alert] = fromRuleAlerts(
      [
        { labels, state: 'firing' },
        { labels, state: 'inactive' },
      ],
      'loki',
      links,
    );
    expect(alert.source).toBe('loki');
    expect(alert.expressionUrl).toBeUndefined();
  });
});

describe('mergeAlerts', () => {
  const am = fromAlertmanager(
    [
      {
        labels,
        fingerprint: 'fp',
        status: { state: 'suppressed', silencedBy: ['s'] },
      },
    ],
    {},
  );
  const prom = fromRuleGroups(
    [
      {
        rules: [
          {
            type: 'alerting',
            query: 'q',
            alerts: [{ labels, state: 'firing' }],
          },
        ],
      },
    ],
    'prometheus',
    { grafanaUrl: 'https://g' },
  );

  it("keeps Alertmanager's entry of an alert known to both, with the rule's expression link", () => {
    const [alert, ...rest] = mergeAlerts([prom, am]);
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      id: 'fp',
      source: 'alertmanager',
      state: 'suppressed',
      suppressedBy: ['s'],
    });
    expect(alert.expressionUrl).toBe(prom[0].expressionUrl);
  });

  it('sorts by severity, then state, then name', () => {
    const mk = (alertname: string, severity: string, state: string) =>
      fromRuleAlerts(
        [{ labels: { alertname, severity, state }, state }],
        'prometheus',
        {},
      )[0];
    const merged = mergeAlerts([
      [
        mk('B', 'warning', 'firing'),
        mk('A', 'warning', 'pending'),
        mk('C', 'critical', 'pending'),
        mk('A', 'warning', 'firing'),
      ],
    ]);
    expect(merged.map(a => `${a.severity}/${a.state}/${a.name}`)).toEqual([
      'critical/pending/C',
      'warning/firing/A',
      'warning/firing/B',
      'warning/pending/A',
    ]);
  });
});
