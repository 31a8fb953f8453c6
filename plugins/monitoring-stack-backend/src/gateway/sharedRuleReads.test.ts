import { ScopedTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  CannedAnswer,
  RecordedRequest,
  startRecordingUpstream,
} from '../upstream/__testUtils__/recordingUpstream';
import { Upstream } from '../upstream/upstream';
import { filterPrometheusAlerts, filterRules } from './responseFilters';
import { ListingRead, SharedListing, SharedRuleReads } from './sharedRuleReads';

const ns = (id: string, ...namespaces: string[]): ScopedTenant => ({
  id,
  seriesLabel: 'namespace',
  namespaces,
});
const byId = (id: string): ScopedTenant => ({
  id,
  seriesLabel: 'tenant_id',
  namespaces: [],
});

/** Tenants whose ids and namespaces are prefixes of each other's, and one with nothing to scope. */
const TENANTS: ScopedTenant[] = [
  ns('team-a', 'team-a', 'team-a-jobs'),
  ns('team-a-x', 'team-a-x'),
  ns('team-b', 'team-b'),
  byId('team-c'),
  byId('team-c-x'),
  ns('team-empty'),
];

/** Label sets that try every way ownsAlert decides. */
const LABELS: Array<Record<string, string> | undefined> = [
  undefined,
  {},
  { namespace: 'team-a' },
  { namespace: 'team-a-jobs' },
  { namespace: 'team-a-x' },
  { namespace: 'team-a|team-b' },
  { namespace: 'team' },
  { namespace: '' },
  { namespace: 'team-b' },
  { tenant_id: 'team-a', namespace: 'team-b' },
  { tenant_id: 'team-b', namespace: 'team-a' },
  { tenant_id: '', namespace: 'team-a' },
  { tenant_id: 'team-c' },
  { tenant_id: 'team-c-x' },
  { tenant_id: 'team-c', namespace: 'team-a' },
  { tenant_id: 'team-a-x' },
  { tenant_id: 'team-empty' },
  { job: 'platform' },
];

const name = (labels: Record<string, string> | undefined, i: number) =>
  `r${i}-${JSON.stringify(labels ?? null)}`;

/** A rules answer: groups of rules with every label set, alerts of every label set in some. */
const RULES = {
  status: 'success',
  data: {
    groups: [0, 1, 2].map(g => ({
      name: `group-${g}`,
      file: `/etc/prometheus/rules/${g}.yml`,
      interval: 30,
      rules: LABELS.map((labels, i) =>
        (i + g) % 3 === 0
          ? {
              type: 'recording',
              name: name(labels, i),
              query: 'up',
              ...(labels && { labels }),
              health: 'ok',
            }
          : {
              type: 'alerting',
              name: name(labels, i),
              query: 'up == 0',
              ...(labels && { labels }),
              annotations: {},
              alerts: LABELS.filter((_, j) => (i + j + g) % 4 === 0).map(a => ({
                labels: a ?? {},
                state: 'firing',
                value: '1',
              })),
              health: 'ok',
            },
      ),
    })),
  },
};

const ALERTS = {
  status: 'success',
  data: {
    alerts: LABELS.map((labels, i) => ({
      labels: { alertname: `a${i}`, ...labels },
      state: 'firing',
    })),
  },
};

const upstreamAt = (url: string, upstreamName = 'Prometheus'): Upstream => ({
  name: upstreamName,
  url,
  timeoutMs: 2000,
});

let answer: (r: RecordedRequest) => CannedAnswer;
const json = (body: unknown): CannedAnswer => ({ body: JSON.stringify(body) });
let stub: Awaited<ReturnType<typeof startRecordingUpstream>>;
let up: Upstream;

beforeAll(async () => {
  stub = await startRecordingUpstream(r => answer(r));
  up = upstreamAt(stub.url);
});
afterAll(() => stub.stop());
beforeEach(() => {
  stub.requests.length = 0;
  answer = r => json(r.path === '/api/v1/rules' ? RULES : ALERTS);
});

function shared(read: ListingRead): SharedListing {
  if (!read.ok) throw new Error(`an error answer: ${read.status}`);
  return read;
}

describe('SharedRuleReads', () => {
  it.each(TENANTS.map(t => [t.id, t] as const))(
    "gives %s exactly what filtering every tenant's rules gave",
    async (_id, tenant) => {
      const reads = new SharedRuleReads();
      const rules = shared(await reads.read(up, 'rules'));
      expect(rules.forTenant(tenant)).toEqual(filterRules(RULES, tenant));
      const alerts = shared(await reads.read(up, 'alerts'));
      expect(alerts.forTenant(tenant)).toEqual(
        filterPrometheusAlerts(ALERTS, tenant),
      );
    },
  );

  it('never gives a tenant a rule or alert it does not own', async () => {
    const reads = new SharedRuleReads();
    const rules = shared(await reads.read(up, 'rules'));
    const names = (tenant: ScopedTenant) =>
      rules
        .forTenant(tenant)
        .data.groups!.flatMap(g => g.rules!.map(r => (r as any).name))
        .map(n => Number(n.slice(1, n.indexOf('-'))))
        .map(i => LABELS[i]);
    expect(new Set(names(TENANTS[0]))).toEqual(
      new Set([
        { namespace: 'team-a' },
        { namespace: 'team-a-jobs' },
        { tenant_id: 'team-a', namespace: 'team-b' },
        { tenant_id: '', namespace: 'team-a' },
      ]),
    );
    expect(new Set(names(TENANTS[1]))).toEqual(
      new Set([{ namespace: 'team-a-x' }, { tenant_id: 'team-a-x' }]),
    );
    expect(new Set(names(TENANTS[3]))).toEqual(
      new Set([
        { tenant_id: 'team-c' },
        { tenant_id: 'team-c', namespace: 'team-a' },
      ]),
    );
    // A tenant with no namespaces owns only what names it in tenant_id.
    expect(new Set(names(TENANTS[5]))).toEqual(
      new Set([{ tenant_id: 'team-empty' }]),
    );
    // The admin view gets the answer whole, rules with no tenant label included.
    expect(rules.body).toEqual(RULES);
  });

  it('reads the upstream once for every tenant and does not change the shared answer', async () => {
    const reads = new SharedRuleReads();
    const all = await Promise.all(
      [...TENANTS, ...TENANTS].map(async t =>
        shared(await reads.read(up, 'rules')).forTenant(t),
      ),
    );
    for (const t of TENANTS) shared(await reads.read(up, 'rules')).forTenant(t);
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0].path).toBe('/api/v1/rules');
    expect(all[0]).toEqual(filterRules(RULES, TENANTS[0]));
    const body = shared(await reads.read(up, 'rules')).body;
    expect(body).toEqual(RULES);
  });

  it('keeps answers apart per upstream and per parameters', async () => {
    const other = await startRecordingUpstream(() =>
      json({
        status: 'success',
        data: {
          groups: [
            {
              name: 'other',
              rules: [{ name: 'Other', labels: { namespace: 'team-a' } }],
            },
          ],
        },
      }),
    );
    try {
      const reads = new SharedRuleReads();
      const groupsOf = async (u: Upstream, params?: URLSearchParams) =>
        shared(await reads.read(u, 'rules', params))
          .forTenant(TENANTS[0])
          .data.groups!.map(g => (g as { name: string }).name);
      expect(await groupsOf(up)).toEqual(['group-0', 'group-1', 'group-2']);
      expect(await groupsOf(upstreamAt(other.url))).toEqual(['other']);
      // The same URL under another name is another upstream too.
      expect(await groupsOf(upstreamAt(other.url, 'Thanos Query'))).toEqual([
        'other',
      ]);
      expect(other.requests).toHaveLength(2);
      await groupsOf(up, new URLSearchParams({ type: 'alert' }));
      await groupsOf(up, new URLSearchParams({ type: 'alert' }));
      expect(stub.requests.map(r => r.url)).toEqual([
        '/api/v1/rules',
        '/api/v1/rules?type=alert',
      ]);
    } finally {
      await other.stop();
    }
  });

  it('reads again once the interval is over', async () => {
    let now = 1_000;
    const reads = new SharedRuleReads(5_000, () => now);
    await reads.read(up, 'alerts');
    now += 4_999;
    await reads.read(up, 'alerts');
    expect(stub.requests).toHaveLength(1);
    answer = () => json({ status: 'success', data: { alerts: [] } });
    now += 1;
    const fresh = shared(await reads.read(up, 'alerts'));
    expect(stub.requests).toHaveLength(2);
    expect(fresh.forTenant(TENANTS[0]).data.alerts).toEqual([]);
  });

  it('reads for each request with an interval of 0, sharing only concurrent reads', async () => {
    const reads = new SharedRuleReads(0);
    await Promise.all([reads.read(up, 'rules'), reads.read(up, 'rules')]);
    await reads.read(up, 'rules');
    expect(stub.requests).toHaveLength(2);
  });

  it('keeps no error answer, and gives it sanitised', async () => {
    answer = () => ({
      status: 503,
      body: JSON.stringify({
        status: 'error',
        errorType: 'unavailable',
        error: 'store 10.0.3.7:10901 {namespace="team-b"} unavailable',
      }),
    });
    const reads = new SharedRuleReads();
    const failed = await reads.read(up, 'rules');
    expect(failed).toEqual({
      ok: false,
      status: 503,
      contentType: 'application/json',
      body: expect.not.stringMatching(/10\.0\.3\.7|team-b/),
    });
    expect(JSON.parse((failed as { body: string }).body)).toMatchObject({
      status: 'error',
      errorType: 'unavailable',
    });
    answer = () => json(RULES);
    expect((await reads.read(up, 'rules')).ok).toBe(true);
    expect(stub.requests).toHaveLength(2);
  });

  it('keeps no failure: an answer that is not a listing fails every waiting read, then is read again', async () => {
    answer = () => json({ status: 'success', data: { result: [] } });
    const reads = new SharedRuleReads();
    const waiting = [reads.read(up, 'rules'), reads.read(up, 'rules')];
    for (const read of waiting) {
      await expect(read).rejects.toThrow(
        'Prometheus answered /api/v1/rules with something that is not a Prometheus rules answer',
      );
    }
    answer = () => json(RULES);
    expect((await reads.read(up, 'rules')).ok).toBe(true);
    expect(stub.requests).toHaveLength(2);
  });

  it('keeps at most a few answers when parameters vary', async () => {
    const reads = new SharedRuleReads();
    for (let i = 0; i < 20; i++) {
      await reads.read(
        up,
        'rules',
        new URLSearchParams({ 'rule_name[]': `${i}` }),
      );
    }
    // The first one was pushed out, the last one is kept.
    await reads.read(up, 'rules', new URLSearchParams({ 'rule_name[]': '0' }));
    await reads.read(up, 'rules', new URLSearchParams({ 'rule_name[]': '19' }));
    expect(stub.requests).toHaveLength(21);
    expect(
      (reads as unknown as { entries: Map<string, unknown> }).entries.size,
    ).toBeLessThanOrEqual(8);
  });
});
