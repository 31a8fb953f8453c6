import { request as httpRequest } from 'node:http';
import {
  auth,
  startGatewayOnRealPeers,
  USERS,
} from '../__testUtils__/gatewayBackend';
import {
  PEER_DATA,
  RealPeers,
  TEAM_B_MARK,
  waitFor,
} from '../__testUtils__/realPeers';
import { startRecordingUpstream } from '../upstream/__testUtils__/recordingUpstream';

// Attacks on the gateway from tenant team-a (alice) against a real Prometheus
// and Alertmanager that hold team-b's data (see PEER_DATA), in the manner of
// Observatorium's end-to-end suite. Every attack is also sent straight to the
// peer as a control: it does reach team-b's data there, so an attack that
// gets through the gateway would show.

type Reply = { status: number; text: string; json: () => any };
type Options = {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
};
/** An attack on a read: name, path with query string, request options. */
type Read = [name: string, path: string, options: Options];

const ALICE = auth.user(USERS.alice);
const ADMIN = auth.user(USERS.admin);
const A = '/api/monitoring-stack/tenants/team-a';

let peers: RealPeers;
let port: number;
let loki: Awaited<ReturnType<typeof startRecordingUpstream>>;
const silences: Record<'teamB' | 'wide' | 'negative' | 'unscoped', string> = {
  teamB: '',
  wide: '',
  negative: '',
  unscoped: '',
};

/**
 * Sends a request byte for byte: paths are not normalised (no `..` or `%2e`
 * resolution) as fetch and supertest would.
 */
function send(url: string, options: Options = {}): Promise<Reply> {
  const [, host, p, path] = /^http:\/\/([^:/]+):(\d+)(\/.*)$/.exec(url)!;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host,
        port: p,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text,
            json: () => JSON.parse(text),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const gateway = (path: string, options: Options = {}) =>
  send(`http://127.0.0.1:${port}${path}`, {
    ...options,
    headers: { Authorization: ALICE, ...options.headers },
  });

const form = (body: string) => ({
  method: 'POST',
  body,
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
});

const json = (method: string, body: unknown) => ({
  method,
  body: JSON.stringify(body),
  headers: { 'Content-Type': 'application/json' },
});

/** The gateway's own refusal: a Backstage error body, which echoes only the attacker's input. */
function isGatewayRefusal(reply: Reply) {
  if (reply.status < 400 || reply.status >= 500) return false;
  try {
    return typeof reply.json().error?.name === 'string';
  } catch {
    return false;
  }
}

/**
 * What an answer tells the attacker: nothing when the gateway refused, the
 * whole text otherwise. A 5xx is no answer to an attack.
 */
function answerOf(reply: Reply): string {
  if (reply.status >= 500)
    throw new Error(`HTTP ${reply.status}: ${reply.text}`);
  return isGatewayRefusal(reply) ? '' : reply.text;
}

const q = (params: Record<string, string>) =>
  new URLSearchParams(params).toString();
const matchers = (
  name: string,
  value: string,
  isRegex = false,
  isEqual = true,
) => ({
  name,
  value,
  isRegex,
  isEqual,
});
const silence = (
  ms: ReturnType<typeof matchers>[],
  extra: Record<string, unknown> = {},
) => ({
  matchers: ms,
  startsAt: new Date().toISOString(),
  endsAt: new Date(Date.now() + 3600_000).toISOString(),
  createdBy: 'attacker',
  comment: 'attack',
  ...extra,
});

async function createSilenceDirectly(body: unknown): Promise<string> {
  const res = await fetch(
    `${peers.alertmanagerUrl}/api/v2/silences`,
    json('POST', body),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { silenceID: string }).silenceID;
}

async function activeSilences(): Promise<
  Array<{ id: string; matchers: unknown[]; status: { state: string } }>
> {
  const all = (await (
    await fetch(`${peers.alertmanagerUrl}/api/v2/silences`)
  ).json()) as any[];
  return all.filter(s => s.status.state === 'active');
}

beforeAll(async () => {
  // No Loki here: a stand-in that records what reaches it.
  loki = await startRecordingUpstream(r => ({
    status: r.method === 'GET' ? 404 : 202,
    contentType: 'text/plain',
    body: '',
  }));
  ({ peers, port } = await startGatewayOnRealPeers(
    { loki: loki.url },
    async started => {
      // createSilenceDirectly reads the peers before they are returned.
      peers = started;
      // Silences that are not team-a's; the wide ones name an alert that does
      // not exist, so that they mute nothing of team-a.
      const none = matchers('alertname', 'NoSuchAlert');
      silences.teamB = await createSilenceDirectly(
        silence([matchers('namespace', 'team-b')], {
          createdBy: 'bob',
          comment: 'team-b maintenance',
        }),
      );
      silences.wide = await createSilenceDirectly(
        silence([matchers('namespace', 'team-.*', true), none], {
          comment: 'every team, team-b too',
        }),
      );
      silences.negative = await createSilenceDirectly(
        silence([matchers('namespace', 'x', false, false), none], {
          comment: 'all but x, team-b too',
        }),
      );
      silences.unscoped = await createSilenceDirectly(
        silence([none], { comment: 'no namespace, team-b too' }),
      );
    },
  ));
}, 60_000);

afterAll(async () => {
  await peers?.stop();
  await loki?.stop();
});

// Queries that reach team-b's series when sent to Prometheus directly.
const QUERIES = [
  '{namespace=~".+"}',
  '{namespace=~"team-a|team-b"}',
  'up{namespace!="team-a"}',
  'up{namespace="team-b"}',
  'up{namespace=~"team-b"}',
  'up{namespace=~"(?i)TEAM-B"}',
  'up{namespace=~"team-[b]"}',
  "up{namespace='team-b'}",
  'up{namespace=`team-b`}',
  'up{namespace="team\\x2db"}',
  'up{namespace!~"team-a.*"}',
  '{__name__=~".+"}',
  '{__name__=~".+", job="team-b-self"}',
  '{__name__="up"}',
  '{__name__=~"up|namespace:up:count"}',
  'namespace:up:count',
  'up or up{namespace="team-b"}',
  'up{job="team-b-self"} or on() up{namespace="team-a"}',
  'up unless up{namespace="team-a"}',
  'up and on() up',
  'vector(1) + on() group_left(namespace, job) up{job="team-b-self"}',
  'label_replace(up, "namespace", "team-a", "namespace", ".*")',
  'label_join(up, "namespace", "", "instance")',
  'max_over_time(up{namespace=~".+"}[10s:1s])',
  'rate(up[5s:1s] offset 1s)',
  'up @ end()',
  'up offset 2s',
  '{namespace=~".+"} @ start() offset -1s',
  'count by (namespace) ({__name__=~".+"})',
  'count by (namespace, job) (up)',
  'sum by (team_b_secret) (up)',
  'topk(1000, {__name__=~"up|namespace:up:count"})',
  'up[5s]',
  'up # {namespace="team-b"}\n or {namespace=~".+"}',
  'group by (namespace) ({namespace!=""})',
];

// Ten minutes either side of the time the suite starts, a point a second.
const now = Math.floor(Date.now() / 1000);
const WINDOW = { start: String(now - 600), end: String(now + 600), step: '1' };

// [name, path and query string, request options]; every one reaches team-b's data directly.
const METRICS_READS: Read[] = [
  ...QUERIES.map(
    (query): Read => [`query ${query}`, `/api/v1/query?${q({ query })}`, {}],
  ),
  ...[
    '{namespace=~".+"}',
    'count by (namespace) (up)',
    'label_replace(up, "namespace", "team-a", "", "")',
  ].map(
    (query): Read => [
      `query_range ${query}`,
      `/api/v1/query_range?${q({ query, ...WINDOW })}`,
      {},
    ],
  ),
  [
    'POST query, form body',
    '/api/v1/query',
    form(q({ query: '{namespace=~".+"}' })),
  ],
  [
    'POST query_range, form body',
    '/api/v1/query_range',
    form(q({ query: 'up', ...WINDOW })),
  ],
  [
    'query in the URL, JSON body',
    `/api/v1/query?${q({ query: 'up' })}`,
    json('POST', { query: 'up{namespace="team-b"}' }),
  ],
  [
    'series {namespace=~".+"}',
    `/api/v1/series?${q({ 'match[]': '{namespace=~".+"}' })}`,
    {},
  ],
  [
    'series {__name__=~".+"}',
    `/api/v1/series?${q({ 'match[]': '{__name__=~".+"}' })}`,
    {},
  ],
  [
    'series {job="team-b-self"}',
    `/api/v1/series?${q({ 'match[]': '{job="team-b-self"}' })}`,
    {},
  ],
  [
    'series {team_b_secret!=""}',
    `/api/v1/series?${q({ 'match[]': '{team_b_secret!=""}' })}`,
    {},
  ],
  [
    'series with match[] url-encoded twice over',
    `/api/v1/series?match[]=up&match%5B%5D=${encodeURIComponent(
      '{namespace="team-b"}',
    )}`,
    {},
  ],
  [
    'series, match[] in the URL and the body',
    `/api/v1/series?match[]=up`,
    form(q({ 'match[]': '{namespace=~".+"}' })),
  ],
  ['labels', '/api/v1/labels', {}],
  [
    'labels {namespace=~".+"}',
    `/api/v1/labels?${q({ 'match[]': '{namespace=~".+"}' })}`,
    {},
  ],
  [
    'POST labels',
    '/api/v1/labels',
    form(q({ 'match[]': '{team_b_secret!=""}' })),
  ],
  ['values of namespace', '/api/v1/label/namespace/values', {}],
  [
    'values of job',
    `/api/v1/label/job/values?${q({ 'match[]': '{__name__=~".+"}' })}`,
    {},
  ],
  ['values of team_b_secret', '/api/v1/label/team_b_secret/values', {}],
  [
    'values of namespace for {namespace=~".+"}',
    `/api/v1/label/namespace/values?${q({ 'match[]': '{namespace=~".+"}' })}`,
    {},
  ],
  ['rules', '/api/v1/rules', {}],
  ['alerting rules', '/api/v1/rules?type=alert', {}],
  ['recording rules', '/api/v1/rules?type=record', {}],
  [
    'rules of the group team-b',
    `/api/v1/rules?${q({ 'rule_group[]': 'team-b' })}`,
    {},
  ],
  ['alerts', '/api/v1/alerts', {}],
];

const FEDERATE = [
  '{namespace=~".+"}',
  '{__name__=~".+"}',
  '{job="team-b-self"}',
];

const ALERTMANAGER_READS = ['alerts', 'alerts/groups'].flatMap(path => [
  path,
  `${path}?${q({ filter: 'namespace="team-b"' })}`,
  `${path}?${q({ filter: 'namespace=~".+"' })}`,
  `${path}?${q({ filter: `alertname="${PEER_DATA.alerts.teamB}"` })}`,
  `${path}?active=true&silenced=true&inhibited=true&unprocessed=true`,
  `${path}?${q({ receiver: '.*' })}`,
]);

describe('attacks on the gateway from tenant team-a, against a real Prometheus and Alertmanager', () => {
  describe('metrics', () => {
    it.each(METRICS_READS)('%s', async (_name, path, options) => {
      const direct = await send(`${peers.prometheusUrl}${path}`, options);
      expect(direct.text).toMatch(TEAM_B_MARK);
      expect(
        answerOf(await gateway(`${A}/metrics${path}`, options)),
      ).not.toMatch(TEAM_B_MARK);
    });

    it('query_exemplars', async () => {
      expect(
        answerOf(
          await gateway(
            `${A}/metrics/api/v1/query_exemplars?${q({
              query: '{namespace=~".+"}',
            })}`,
          ),
        ),
      ).not.toMatch(TEAM_B_MARK);
    });

    it.each(FEDERATE)('federate %s', async selector => {
      const path = `/federate?${q({ 'match[]': selector })}`;
      expect((await send(`${peers.prometheusUrl}${path}`)).text).toMatch(
        TEAM_B_MARK,
      );
      const reply = await gateway(`${A}/metrics${path}`);
      expect(reply.status).toBe(200);
      expect(reply.text).not.toMatch(TEAM_B_MARK);
    });

    it('federate without match[]', async () => {
      const reply = await gateway(`${A}/metrics/federate`);
      expect(reply.status).toBe(200);
      expect(reply.text).toContain('namespace="team-a"');
      expect(reply.text).not.toMatch(TEAM_B_MARK);
    });

    it.each([
      [
        'twice in the URL',
        `/api/v1/query?query=up&query=${encodeURIComponent(
          '{namespace="team-b"}',
        )}`,
        undefined,
      ],
      [
        'with an encoded name',
        `/api/v1/query?query=up&quer%79=${encodeURIComponent(
          '{job="team-b-self"}',
        )}`,
        undefined,
      ],
      [
        'in the URL and the body',
        '/api/v1/query?query=up',
        form(q({ query: '{job="team-b-self"}' })),
      ],
      [
        'twice in the body',
        '/api/v1/query',
        form('query=up&query=%7Bjob%3D%22team-b-self%22%7D'),
      ],
      [
        'after a semicolon',
        `/api/v1/query?query=up;query=${encodeURIComponent(
          '{job="team-b-self"}',
        )}`,
        undefined,
      ],
    ])('refuses a query parameter given %s', async (_name, path, options) => {
      const reply = await gateway(`${A}/metrics${path}`, options);
      expect(reply.status).toBe(400);
      expect(isGatewayRefusal(reply)).toBe(true);
    });

    it.each([
      'absent(up{job="team-b-self"})',
      'absent_over_time(up{job="team-b-self"}[1m])',
    ])('does not tell through %s that team-b has series', async query => {
      const path = `/api/v1/query?${q({ query })}`;
      // Directly, the answer is empty: team-b's series exist.
      expect(
        (await send(`${peers.prometheusUrl}${path}`)).json().data.result,
      ).toEqual([]);
      const reply = await gateway(`${A}/metrics${path}`);
      expect(reply.status).toBe(200);
      expect(reply.json().data.result).toHaveLength(1);
    });

    it('refuses absent() on team-b outright', async () => {
      const reply = await gateway(
        `${A}/metrics/api/v1/query?${q({
          query: 'absent(up{namespace="team-b"})',
        })}`,
      );
      expect(reply.status).toBe(400);
    });

    it('ignores tenant and forwarding headers', async () => {
      const headers = {
        'X-Scope-OrgID': 'team-b',
        'THANOS-TENANT': 'team-b',
        Host: 'team-b',
        'X-Forwarded-Host': 'team-b',
        'X-Forwarded-For': '127.0.0.1',
        'X-Forwarded-Prefix': '/api/monitoring-stack/tenants/team-b',
        'X-Original-URL':
          '/api/monitoring-stack/tenants/team-b/metrics/api/v1/query',
        'X-Rewrite-URL': '/api/monitoring-stack/tenants/*/metrics/api/v1/query',
      };
      const reply = await gateway(
        `${A}/metrics/api/v1/query?${q({ query: '{namespace=~".+"}' })}`,
        { headers },
      );
      expect(reply.status).toBe(200);
      expect(reply.json().data.result.length).toBeGreaterThan(0);
      expect(reply.text).not.toMatch(TEAM_B_MARK);
      const alerts = await gateway(`${A}/alertmanager/api/v2/alerts`, {
        headers,
      });
      expect(alerts.status).toBe(200);
      expect(alerts.text).not.toMatch(TEAM_B_MARK);
    });

    const query = `query=${encodeURIComponent('{namespace=~".+"}')}`;
    it.each([
      `/api/monitoring-stack/tenants/team-b/metrics/api/v1/query?${query}`,
      `/api/monitoring-stack/tenants/team-b/metrics/api/v1/query/?${query}`,
      `/api/monitoring-stack/tenants/TEAM-B/metrics/api/v1/query?${query}`,
      `/api/monitoring-stack/tenants/team-b%00/metrics/api/v1/query?${query}`,
      `/api/monitoring-stack/tenants/team-a/../team-b/metrics/api/v1/query?${query}`,
      `/api/monitoring-stack/tenants/team-a/%2e%2e/team-b/metrics/api/v1/query?${query}`,
      `/api/monitoring-stack/tenants/team-a%2F..%2Fteam-b/metrics/api/v1/query?${query}`,
      `/api/monitoring-stack/tenants/team-a%2Fteam-b/metrics/api/v1/query?${query}`,
      `/api/monitoring-stack/tenants/team-a,team-b/metrics/api/v1/query?${query}`,
      `/api/monitoring-stack/tenants/team-a%7Cteam-b/metrics/api/v1/query?${query}`,
      `/api/monitoring-stack/tenants/*/metrics/api/v1/query?${query}`,
      `/api/monitoring-stack/tenants/%2A/metrics/api/v1/query?${query}`,
      `/api/monitoring-stack/tenants/team-a/metrics/api/v1/..%2Fv1%2Fquery?${query}`,
      `/api/monitoring-stack/tenants/team-a/metrics/api/v1/query%2F..%2F..%2F..%2F..%2Fteam-b%2Fmetrics%2Fapi%2Fv1%2Fquery?${query}`,
      `/api/monitoring-stack/tenants/team-a/metrics//api/v1/query?${query}`,
      `/api/monitoring-stack/tenants/team-a/metrics/federate/../api/v1/query?${query}`,
      '/api/monitoring-stack/tenants/team-a/metrics/api/v1/label/..%2F..%2Fseries/values',
      '/api/monitoring-stack/tenants/team-a/metrics/api/v1/label/namespace%2Fvalues%3Fmatch%5B%5D%3Dup%23/values',
      '/api/monitoring-stack/tenants/team-a/metrics/api/v1/status/..%2F..%2Fapi%2Fv1%2Fseries',
      '/api/monitoring-stack/tenants/team-b/metrics/api/v1/metadata',
      '/api/monitoring-stack/tenants/*/metrics/api/v1/metadata',
      '/api/monitoring-stack/tenants/team-a/metrics/api/v1/metadata/..%2F..%2F..%2F..%2Fteam-b%2Fmetrics%2Fapi%2Fv1%2Fseries',
      `/api/monitoring-stack/tenants/team-a/metrics/api/v1/format_query/..%2Fseries?${query}`,
      '/api/monitoring-stack/tenants/team-a/logs/loki/api/v1/detected_field/..%2F..%2F..%2F..%2F..%2Fteam-b%2Flogs%2Floki%2Fapi%2Fv1%2Flabels/values',
      '/api/monitoring-stack/tenants/team-b/alertmanager/api/v2/alerts',
      '/api/monitoring-stack/tenants/team-a/alertmanager/api/v2/../../../team-b/alertmanager/api/v2/alerts',
      '/api/monitoring-stack/tenants/team-a%2F..%2Fteam-b/alertmanager/api/v2/alerts',
      '/api/monitoring-stack/tenants/*/alertmanager/api/v2/silences',
      '/api/monitoring-stack/tenants/team-a/alertmanager/api/v2/alerts/groups/..%2F..%2Fsilences',
    ])('path trick %s', async path => {
      expect(answerOf(await gateway(path))).not.toMatch(TEAM_B_MARK);
    });
  });

  describe('alertmanager', () => {
    it.each(ALERTMANAGER_READS)('GET %s', async path => {
      expect(
        (await send(`${peers.alertmanagerUrl}/api/v2/${path}`)).text,
      ).toMatch(TEAM_B_MARK);
      const reply = await gateway(`${A}/alertmanager/api/v2/${path}`);
      expect(answerOf(reply)).not.toMatch(TEAM_B_MARK);
    });

    it.each(['silences', `silences?${q({ filter: 'namespace="team-b"' })}`])(
      'GET %s',
      async path => {
        expect(
          (await send(`${peers.alertmanagerUrl}/api/v2/${path}`)).text,
        ).toMatch(TEAM_B_MARK);
        const reply = await gateway(`${A}/alertmanager/api/v2/${path}`);
        expect(reply.status).toBe(200);
        expect(reply.text).not.toMatch(TEAM_B_MARK);
        const ids = (reply.json() as Array<{ id: string }>).map(s => s.id);
        for (const id of Object.values(silences)) expect(ids).not.toContain(id);
      },
    );

    it.each(['teamB', 'wide', 'negative', 'unscoped'] as const)(
      'does not show, change or expire the %s silence',
      async which => {
        const id = silences[which];
        expect(
          (await gateway(`${A}/alertmanager/api/v2/silence/${id}`)).status,
        ).toBe(404);
        expect(
          (
            await gateway(`${A}/alertmanager/api/v2/silence/${id}`, {
              method: 'DELETE',
            })
          ).status,
        ).toBe(404);
        const update = await gateway(
          `${A}/alertmanager/api/v2/silences`,
          json('POST', silence([matchers('namespace', 'team-a')], { id })),
        );
        expect(update.status).toBe(404);
        const stored = (await activeSilences()).find(s => s.id === id);
        expect(stored?.matchers).not.toContainEqual(
          expect.objectContaining({ value: 'team-a' }),
        );
      },
    );

    it.each([
      ['namespace=~"team-.*"', [matchers('namespace', 'team-.*', true)]],
      [
        'namespace=~"team-a|team-b"',
        [matchers('namespace', 'team-a|team-b', true)],
      ],
      ['namespace=~"team-a|.*"', [matchers('namespace', 'team-a|.*', true)]],
      ['namespace=~"team-a|"', [matchers('namespace', 'team-a|', true)]],
      ['namespace=~"(team-a)"', [matchers('namespace', '(team-a)', true)]],
      ['namespace!="x"', [matchers('namespace', 'x', false, false)]],
      ['namespace!="team-a"', [matchers('namespace', 'team-a', false, false)]],
      ['no namespace matcher', [matchers('alertname', PEER_DATA.alerts.teamB)]],
      ['namespace="team-b"', [matchers('namespace', 'team-b')]],
      [
        'namespace="team-b" next to namespace="team-a"',
        [matchers('namespace', 'team-a'), matchers('namespace', 'team-b')],
      ],
      ['Namespace="team-a"', [matchers('Namespace', 'team-a')]],
      [
        'isRegex as a string',
        [{ name: 'namespace', value: 'team-a', isRegex: 'false' }],
      ],
      ['no matchers', []],
    ])('refuses a silence with %s', async (_name, ms) => {
      const before = await activeSilences();
      const reply = await gateway(
        `${A}/alertmanager/api/v2/silences`,
        json('POST', silence(ms as any)),
      );
      expect(reply.status).toBe(400);
      expect(await activeSilences()).toHaveLength(before.length);
    });

    it('refuses a silence for team-b itself', async () => {
      const reply = await send(
        `http://127.0.0.1:${port}/api/monitoring-stack/tenants/team-b/alertmanager/api/v2/silences`,
        {
          ...json('POST', silence([matchers('namespace', 'team-b')])),
          headers: { Authorization: ALICE, 'Content-Type': 'application/json' },
        },
      );
      expect(reply.status).toBe(403);
    });

    it.each(['..%2Fsilences', '*', '%2A', `${'a'.repeat(65)}`])(
      'refuses the silence id %s',
      async id => {
        const get = await gateway(`${A}/alertmanager/api/v2/silence/${id}`);
        expect([400, 404]).toContain(get.status);
        const del = await gateway(`${A}/alertmanager/api/v2/silence/${id}`, {
          method: 'DELETE',
        });
        expect([400, 404]).toContain(del.status);
        expect((await activeSilences()).map(s => s.id)).toEqual(
          expect.arrayContaining(Object.values(silences)),
        );
      },
    );

    it('refuses a silence sent as a form', async () => {
      const reply = await gateway(
        `${A}/alertmanager/api/v2/silences`,
        form('matchers=namespace%3D~".%2B"'),
      );
      expect(reply.status).toBe(400);
    });
  });

  describe('what tenants and admins do see', () => {
    it("gives alice team-a's series, labels and rules, and nothing of the platform", async () => {
      const up = await gateway(
        `${A}/metrics/api/v1/query?${q({ query: 'up' })}`,
      );
      expect(up.json().data.result.map((r: any) => r.metric)).toEqual([
        expect.objectContaining({
          namespace: 'team-a',
          job: PEER_DATA.jobs.teamA,
        }),
      ]);
      const series = await gateway(
        `${A}/metrics/api/v1/series?${q({
          'match[]': PEER_DATA.records.tenant,
        })}`,
      );
      expect(series.json().data).toEqual([
        expect.objectContaining({ namespace: 'team-a' }),
      ]);
      const values = await gateway(
        `${A}/metrics/api/v1/label/namespace/values`,
      );
      expect(values.json().data).toEqual(['team-a']);
      const rules = await gateway(`${A}/metrics/api/v1/rules`);
      const names = rules
        .json()
        .data.groups.flatMap((g: any) => g.rules.map((r: any) => r.name));
      expect(names.sort()).toEqual(
        [PEER_DATA.records.tenant, PEER_DATA.alerts.teamA].sort(),
      );
      const alerts = await gateway(`${A}/metrics/api/v1/alerts`);
      expect(
        alerts.json().data.alerts.map((a: any) => a.labels.alertname),
      ).toEqual([PEER_DATA.alerts.teamA]);
      const amAlerts = await gateway(`${A}/alertmanager/api/v2/alerts`);
      expect(amAlerts.json().map((a: any) => a.labels.alertname)).toEqual([
        PEER_DATA.alerts.teamA,
      ]);
    });

    it('gives admin every tenant and the platform under tenant *', async () => {
      const admin = { headers: { Authorization: ADMIN } };
      const all = '/api/monitoring-stack/tenants/*';
      const counts = await gateway(
        `${all}/metrics/api/v1/query?${q({
          query: 'count by (namespace) (up)',
        })}`,
        admin,
      );
      expect(
        counts
          .json()
          .data.result.map((r: any) => r.metric.namespace ?? '')
          .sort(),
      ).toEqual(['', 'team-a', 'team-b']);
      const rules = await gateway(`${all}/metrics/api/v1/rules`, admin);
      expect(
        rules
          .json()
          .data.groups.map((g: any) => g.name)
          .sort(),
      ).toEqual(['platform', 'team-a', 'team-b']);
      const alerts = await gateway(`${all}/alertmanager/api/v2/alerts`, admin);
      expect(
        alerts
          .json()
          .map((a: any) => a.labels.alertname)
          .sort(),
      ).toEqual(Object.values(PEER_DATA.alerts).sort());
      const listed = await gateway(
        `${all}/alertmanager/api/v2/silences`,
        admin,
      );
      expect(listed.json().map((s: any) => s.id)).toEqual(
        expect.arrayContaining(Object.values(silences)),
      );
    });

    it("lets alice silence team-a's alert, then see, read and expire her silence", async () => {
      const alertState = async () => {
        const reply = await gateway(`${A}/alertmanager/api/v2/alerts`);
        return reply
          .json()
          .find((a: any) => a.labels.alertname === PEER_DATA.alerts.teamA)
          .status;
      };
      expect((await alertState()).state).toBe('active');
      const created = await gateway(
        `${A}/alertmanager/api/v2/silences`,
        json(
          'POST',
          silence([
            matchers('namespace', 'team-a'),
            matchers('alertname', PEER_DATA.alerts.teamA),
          ]),
        ),
      );
      expect(created.status).toBe(200);
      const id = created.json().silenceID;
      const status = await waitFor(
        'the team-a alert to be suppressed',
        async () => {
          const s = await alertState();
          return s.state === 'suppressed' ? s : undefined;
        },
      );
      expect(status.silencedBy).toEqual([id]);
      // team-b's alert is untouched.
      const direct = (await (
        await fetch(`${peers.alertmanagerUrl}/api/v2/alerts`)
      ).json()) as any[];
      const teamB = direct.find(
        a => a.labels.alertname === PEER_DATA.alerts.teamB,
      );
      expect(teamB.status.silencedBy).toEqual([silences.teamB]);

      const listed = await gateway(`${A}/alertmanager/api/v2/silences`);
      expect(listed.json().map((s: any) => s.id)).toContain(id);
      expect(
        (await gateway(`${A}/alertmanager/api/v2/silence/${id}`)).json().id,
      ).toBe(id);
      expect(
        (
          await gateway(`${A}/alertmanager/api/v2/silence/${id}`, {
            method: 'DELETE',
          })
        ).status,
      ).toBe(200);
      expect((await activeSilences()).map(s => s.id)).not.toContain(id);
    });
  });

  describe('class 3: no input changes which upstream resource a request addresses', () => {
    const group = {
      rules: [
        {
          alert: 'X',
          expr: 'sum(count_over_time({namespace="team-a"}[5m])) > 1',
        },
      ],
    };
    it.each([
      ['..', 'delete'],
      ['%2e%2e', 'delete'],
      ['.', 'checkout'],
      ['team-a', '..'],
      ['team-a', '%2E%2E'],
      ['team-a', '.'],
    ])(
      'refuses Loki rule namespace %p, group %p before Loki and the audit log',
      async (namespace, name) => {
        loki.requests.length = 0;
        const path = `${A}/rules/loki/${namespace}/${name}`;
        const put = await gateway(path, json('PUT', group));
        const del = await gateway(path, { method: 'DELETE' });
        expect([put.status, del.status]).toEqual([400, 400]);
        expect(loki.requests.map(r => `${r.method} ${r.url}`)).toEqual([]);
      },
    );

    it.each(['%2e%2e', '.', '%2E'])(
      'refuses the label name %p instead of asking Prometheus another path',
      async name => {
        const reply = await gateway(`${A}/metrics/api/v1/label/${name}/values`);
        expect(reply.status).toBe(400);
        expect(isGatewayRefusal(reply)).toBe(true);
      },
    );
  });

  describe('class 4: only documented parameters reach an upstream, only sanitised errors come back', () => {
    it('drops parameters Prometheus would honour but the endpoint does not document', async () => {
      const path = `/api/v1/query?${q({ query: 'up', stats: 'all' })}`;
      expect(
        (await send(`${peers.prometheusUrl}${path}`)).json().data,
      ).toHaveProperty('stats');
      const reply = await gateway(`${A}/metrics${path}`);
      expect(reply.status).toBe(200);
      expect(reply.json().data).not.toHaveProperty('stats');
    });

    it("passes Prometheus' error status and type, without the label sets and addresses it names", async () => {
      const path = `/api/v1/query?${q({
        query: 'up + on(namespace) {__name__=~"up|scrape_samples_scraped"}',
      })}`;
      const direct = await send(`${peers.prometheusUrl}${path}`);
      expect(direct.status).toBe(422);
      expect(direct.text).toMatch(/namespace=\\"team-a\\"|127\.0\.0\.1:/);
      const reply = await gateway(`${A}/metrics${path}`);
      expect(reply.status).toBe(422);
      expect(reply.json()).toEqual({
        status: 'error',
        errorType: 'execution',
        error: expect.stringContaining('many-to-many matching not allowed'),
      });
      expect(reply.text).not.toMatch(/=\\"|127\.0\.0\.1|:\d{4,5}\b/);
    });
  });
});
