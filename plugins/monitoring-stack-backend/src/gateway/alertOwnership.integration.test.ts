import {
  auth,
  startGatewayOnRealPeers,
  USERS,
} from '../__testUtils__/gatewayBackend';
import { PEER_DATA, RealPeers, waitFor } from '../__testUtils__/realPeers';

// Issue #20, class 2: an alert belongs to the tenant whose rule produced it.
// Loki's ruler sends team-a's alert with the tenant_id the gateway put on the
// rule, and with whatever namespace team-a's LogQL computed: here team-b's.

let peers: RealPeers;
let base: string;

const ALERT = 'TeamALokiAlertInTeamB';
const RUNBOOK = 'https://runbooks.team-a.example.com/payments';
const ALICE = auth.user(USERS.alice);
const BOB = auth.user(USERS.bob);

type AmAlert = {
  labels: Record<string, string>;
  status: { state: string; silencedBy: string[] };
};

/** Posts the alert to Alertmanager as Loki's ruler does. */
async function postLokiAlert(alertmanagerUrl: string) {
  const res = await fetch(`${alertmanagerUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([
      {
        labels: {
          alertname: ALERT,
          tenant_id: 'team-a',
          namespace: 'team-b',
          severity: 'critical',
        },
        annotations: { runbook_url: RUNBOOK, summary: 'payments are failing' },
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        generatorURL:
          'http://loki/graph?g0.expr=sum(rate(%7Bjob%3D%22x%22%7D%5B1m%5D))',
      },
    ]),
  });
  if (!res.ok) throw new Error(`Alertmanager answered ${res.status}`);
}

async function get(path: string, authorization: string): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    headers: { Authorization: authorization },
  });
  if (res.status !== 200)
    throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

async function postSilence(
  tenant: string,
  authorization: string,
  matchers: Record<string, string>,
) {
  return fetch(`${base}/tenants/${tenant}/alertmanager/api/v2/silences`, {
    method: 'POST',
    headers: {
      Authorization: authorization,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      matchers: Object.entries(matchers).map(([name, value]) => ({
        name,
        value,
        isRegex: false,
        isEqual: true,
      })),
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
      createdBy: 'ownership test',
      comment: 'ownership test',
    }),
  });
}

/** The alert as Alertmanager itself holds it, silenced or not. */
async function heldAlert(): Promise<AmAlert> {
  const alerts: AmAlert[] = await (
    await fetch(`${peers.alertmanagerUrl}/api/v2/alerts`)
  ).json();
  const found = alerts.find(a => a.labels.alertname === ALERT);
  if (!found) throw new Error(`${ALERT} is not in Alertmanager`);
  return found;
}

const names = (alerts: Array<{ labels: Record<string, string> }>) =>
  alerts.map(a => a.labels.alertname);
const groupNames = (groups: Array<{ alerts: AmAlert[] }>) =>
  groups.flatMap(g => names(g.alerts));

beforeAll(async () => {
  let port: number;
  ({ peers, port } = await startGatewayOnRealPeers({}, async p => {
    await postLokiAlert(p.alertmanagerUrl);
  }));
  base = `http://127.0.0.1:${port}/api/monitoring-stack`;
}, 60_000);

afterAll(async () => {
  await peers?.stop();
});

describe('an alert belongs to the tenant whose rule produced it', () => {
  it("leaves team-a's alert labelled namespace=team-b out of team-b's alerts and alert groups", async () => {
    const alerts = await get('/tenants/team-b/alertmanager/api/v2/alerts', BOB);
    const groups = await get(
      '/tenants/team-b/alertmanager/api/v2/alerts/groups',
      BOB,
    );
    // team-b's own alert is there: the views are not simply empty.
    expect(names(alerts)).toContain(PEER_DATA.alerts.teamB);
    expect(groupNames(groups)).toContain(PEER_DATA.alerts.teamB);
    expect(names(alerts)).not.toContain(ALERT);
    expect(groupNames(groups)).not.toContain(ALERT);
    expect(JSON.stringify([alerts, groups])).not.toContain(RUNBOOK);
  });

  it('shows team-a its alert whatever namespace its query computed', async () => {
    const alerts = await get(
      '/tenants/team-a/alertmanager/api/v2/alerts',
      ALICE,
    );
    const groups = await get(
      '/tenants/team-a/alertmanager/api/v2/alerts/groups',
      ALICE,
    );
    expect(names(alerts)).toEqual(
      expect.arrayContaining([ALERT, PEER_DATA.alerts.teamA]),
    );
    expect(groupNames(groups)).toContain(ALERT);
  });

  it("lists the alert with its runbook in team-a's alerts, not in team-b's", async () => {
    const teamA = await get('/tenants/team-a/alerts', ALICE);
    const teamB = await get('/tenants/team-b/alerts', BOB);
    expect(teamA.alerts).toContainEqual(
      expect.objectContaining({ name: ALERT, runbookUrl: RUNBOOK }),
    );
    expect(teamB.alerts.map((a: { name: string }) => a.name)).toEqual(
      expect.arrayContaining([PEER_DATA.alerts.teamB]),
    );
    expect(JSON.stringify(teamB)).not.toContain(ALERT);
  });

  it('lets team-a silence the alert by its tenant_id, and team-b not by the namespace', async () => {
    const byNamespace = await postSilence('team-b', BOB, {
      alertname: ALERT,
      namespace: 'team-b',
    });
    expect(byNamespace.status).toBe(200);
    expect((await heldAlert()).status.state).toBe('active');

    const byTenantId = await postSilence('team-a', ALICE, {
      alertname: ALERT,
      tenant_id: 'team-a',
    });
    expect(byTenantId.status).toBe(200);
    const { silenceID } = await byTenantId.json();
    const silenced = await waitFor('the alert silenced', async () => {
      const held = await heldAlert();
      return held.status.state === 'suppressed' ? held : undefined;
    });
    expect(silenced.status.silencedBy).toEqual([silenceID]);
    // The silence is team-a's: listed for team-a, not for team-b.
    const ids = (silences: Array<{ id: string }>) => silences.map(s => s.id);
    expect(
      ids(await get('/tenants/team-a/alertmanager/api/v2/silences', ALICE)),
    ).toContain(silenceID);
    expect(
      ids(await get('/tenants/team-b/alertmanager/api/v2/silences', BOB)),
    ).not.toContain(silenceID);
  });
});
