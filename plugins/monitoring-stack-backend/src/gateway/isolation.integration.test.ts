import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  auth,
  startGatewayOnRealPeers,
  TEST_TENANTS,
  tenantEntity,
  USERS,
} from '../__testUtils__/gatewayBackend';
import { RealPeers, TEAM_B_MARK } from '../__testUtils__/realPeers';

// One attack per class of the isolation issue that needs the whole backend,
// as a hostile but legitimate member of team-a (alice) would send it,
// against a real Prometheus and Alertmanager holding team-b's data. Each
// also shows the attack reaching team-b's data when nothing stops it.

/** A System that alice registered at a URL: the catalog overwrote its location annotations. */
function registeredSystem(): Entity {
  const entity = tenantEntity('team-x', { namespaces: ['team-b'] });
  const location =
    'url:https://github.com/alice/notes/blob/main/catalog-info.yaml';
  entity.metadata.name = 'team-x-monitoring';
  entity.metadata.annotations!['backstage.io/managed-by-location'] = location;
  entity.metadata.annotations!['backstage.io/managed-by-origin-location'] =
    location;
  entity.metadata.annotations!['monitoring-stack.io/grafana-url'] =
    'http://169.254.169.254/latest/meta-data';
  entity.spec = { owner: 'group:default/team-a' };
  return entity;
}

let peers: RealPeers;
let base: string;
const auditor = mockServices.auditor.mock();

const silence = (namespace: string) => ({
  matchers: [
    { name: 'namespace', value: namespace, isRegex: false, isEqual: true },
    { name: 'alertname', value: 'NoSuchAlert', isRegex: false, isEqual: true },
  ],
  startsAt: new Date().toISOString(),
  endsAt: new Date(Date.now() + 3600_000).toISOString(),
  createdBy: 'isolation test',
  comment: 'isolation test',
});

async function call(
  path: string,
  authorization: string,
  init: RequestInit = {},
) {
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: {
      Authorization: authorization,
      'Content-Type': 'application/json',
      ...init.headers,
    },
  });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  let port: number;
  ({ peers, port } = await startGatewayOnRealPeers({
    entities: [...TEST_TENANTS, registeredSystem()],
    gateway: {
      serviceTokens: [
        { subject: 'grafana-team-a', tenant: 'team-a' },
        {
          subject: 'grafana-team-b',
          tenant: 'team-b',
          rights: ['read', 'silence'],
        },
        { subject: 'grafana-admin', tenant: '*' },
      ],
    },
    features: [auditor.factory],
  }));
  base = `http://127.0.0.1:${port}/api/monitoring-stack`;
}, 60_000);

afterAll(async () => {
  await peers?.stop();
});

const ALICE = auth.user(USERS.alice);

describe('isolation of tenants, class by class', () => {
  it('1. a selector hidden from the enforcer in a comment ended by \\r never reaches Prometheus', async () => {
    const query = 'up #\r or {namespace=~".+"}\n';
    const params = new URLSearchParams({ query });
    const direct = await fetch(`${peers.prometheusUrl}/api/v1/query?${params}`);
    expect(await direct.text()).toMatch(TEAM_B_MARK);
    const through = await call(
      `/tenants/team-a/metrics/api/v1/query?${params}`,
      ALICE,
    );
    expect(through.status).toBe(200);
    expect(through.text).toContain('team-a');
    expect(through.text).not.toMatch(TEAM_B_MARK);
  });

  it('2. a System a user registered declares no tenant: no data, no health probe', async () => {
    // Sent as the registered tenant's namespaces, the query answers team-b's series.
    const direct = await fetch(
      `${peers.prometheusUrl}/api/v1/query?${new URLSearchParams({
        query: 'up{namespace="team-b"}',
      })}`,
    );
    expect(await direct.text()).toMatch(TEAM_B_MARK);
    for (const path of [
      '/tenants/team-x/metrics/api/v1/query?query=up',
      '/tenants/team-x/alertmanager/api/v2/alerts',
      '/tenants/team-x/health',
      '/tenants/team-x/alerts',
    ]) {
      const res = await call(path, ALICE);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(res.text).not.toMatch(TEAM_B_MARK);
    }
    const tenants = JSON.parse((await call('/tenants', ALICE)).text);
    expect(tenants.items.map((t: { id: string }) => t.id)).toEqual(['team-a']);
  });

  it('4. a pathological regular expression is answered at once, and the backend keeps serving', async () => {
    // V8's backtracking RegExp needs about 40 s for this against 'team-a-jobs'.
    const evil = new URLSearchParams({
      query: 'up{namespace=~"(.*.*.*.*)*z"}',
    });
    const started = Date.now();
    const [refused, served] = await Promise.all([
      call(`/tenants/team-a/metrics/api/v1/query?${evil}`, ALICE).then(r => ({
        ...r,
        ms: Date.now() - started,
      })),
      call('/tenants/team-a/metrics/api/v1/query?query=up', ALICE),
    ]);
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).error.message).toContain('can never match');
    expect(refused.ms).toBeLessThan(100);
    expect(served.status).toBe(200);
  }, 5_000);

  it('5. a service token carries rights: read-only tokens cannot silence, not even through *', async () => {
    for (const [subject, tenant] of [
      ['grafana-team-a', 'team-a'],
      ['grafana-admin', '*'],
    ]) {
      const res = await call(
        `/tenants/${encodeURIComponent(tenant)}/alertmanager/api/v2/silences`,
        auth.service(subject),
        { method: 'POST', body: JSON.stringify(silence('team-a')) },
      );
      expect({ subject, status: res.status }).toEqual({ subject, status: 403 });
    }
    // A token granted silences may silence its own tenant, and no other.
    const own = await call(
      '/tenants/team-b/alertmanager/api/v2/silences',
      auth.service('grafana-team-b'),
      { method: 'POST', body: JSON.stringify(silence('team-b')) },
    );
    expect(own.status).toBe(200);
    const other = await call(
      '/tenants/team-a/alertmanager/api/v2/silences',
      auth.service('grafana-team-b'),
      { method: 'POST', body: JSON.stringify(silence('team-a')) },
    );
    expect(other.status).toBe(403);
    // Reading through * is not writing through *.
    expect(
      (
        await call(
          '/tenants/*/alertmanager/api/v2/silences',
          auth.service('grafana-admin'),
        )
      ).status,
    ).toBe(200);
  });

  it('8. an unknown tenant answers exactly like a forbidden one', async () => {
    const forbidden = await call('/tenants/team-b/alerts', ALICE);
    const unknown = await call('/tenants/team-q/alerts', ALICE);
    expect(forbidden.status).toBe(403);
    expect(unknown.status).toBe(403);
    const message = (text: string) => JSON.parse(text).error.message;
    expect(message(unknown.text)).toBe(
      message(forbidden.text).replace('team-b', 'team-q'),
    );
  });

  it('9. silence writes and reads through * are on record', async () => {
    auditor.createEvent.mockClear();
    const created = await call(
      '/tenants/team-a/alertmanager/api/v2/silences',
      ALICE,
      { method: 'POST', body: JSON.stringify(silence('team-a')) },
    );
    expect(created.status).toBe(200);
    const { silenceID } = JSON.parse(created.text);
    expect(
      (
        await call(
          `/tenants/team-a/alertmanager/api/v2/silence/${silenceID}`,
          ALICE,
          { method: 'DELETE' },
        )
      ).status,
    ).toBe(200);
    expect(
      (await call('/tenants/*/alerts', auth.user(USERS.admin))).status,
    ).toBe(200);
    const events = auditor.createEvent.mock.calls.map(([e]) => [
      e.eventId,
      e.meta,
    ]);
    expect(events).toEqual([
      ['silence-write', { tenant: 'team-a', action: 'create' }],
      [
        'silence-write',
        { tenant: 'team-a', action: 'expire', silenceId: silenceID },
      ],
      ['admin-view', { right: 'read', tenants: 3 }],
    ]);
    for (const result of auditor.createEvent.mock.results) {
      expect((await result.value).success).toHaveBeenCalledTimes(1);
    }
  });
});
