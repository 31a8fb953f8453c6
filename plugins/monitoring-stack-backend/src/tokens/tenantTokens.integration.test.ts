import {
  auth,
  startGatewayOnRealPeers,
  USERS,
} from '../__testUtils__/gatewayBackend';
import { PEER_DATA, RealPeers, TEAM_B_MARK } from '../__testUtils__/realPeers';

/**
 * A tenant token as a tool outside the portal uses it, against a real
 * Prometheus and Alertmanager that hold team-b's data too: made by team-a's
 * owner on the tenant's page, then sent by a Grafana-shaped client (a plain
 * HTTP GET with `Authorization: Bearer mst_…` on the data source URL).
 */

let peers: RealPeers;
let base: string;

beforeAll(async () => {
  let port: number;
  ({ peers, port } = await startGatewayOnRealPeers());
  base = `http://127.0.0.1:${port}/api/monitoring-stack`;
}, 60_000);
afterAll(() => peers?.stop());

/** What Grafana's Prometheus data source sends: a GET with its custom header. */
const grafana = (token: string, path: string) =>
  fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });

async function tokenOf(rights: string[]) {
  const res = await fetch(`${base}/tenants/team-a/tokens`, {
    method: 'POST',
    headers: {
      Authorization: auth.user(USERS.alice),
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ description: 'Grafana of team-a', rights }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

describe('a tenant token against a real Prometheus and Alertmanager', () => {
  it("reads team-a's metrics as Grafana would, and never team-b's", async () => {
    const token = await tokenOf(['read']);
    const query = encodeURIComponent('{namespace=~".+"}');
    const own = await grafana(
      token,
      `/tenants/team-a/metrics/api/v1/query?query=${query}`,
    );
    expect(own.status).toBe(200);
    const text = await own.text();
    expect(text).toContain(PEER_DATA.jobs.teamA);
    expect(text).not.toMatch(TEAM_B_MARK);

    const labels = await grafana(
      token,
      '/tenants/team-a/metrics/api/v1/label/namespace/values',
    );
    expect(await labels.json()).toMatchObject({ data: ['team-a'] });

    for (const tenant of ['team-b', '*']) {
      const other = await grafana(
        token,
        `/tenants/${encodeURIComponent(tenant)}/metrics/api/v1/query?query=up`,
      );
      expect(other.status).toBe(403);
      // The refusal alone, which echoes the tenant asked for; no data.
      expect(await other.json()).toMatchObject({
        error: { name: 'NotAllowedError' },
      });
    }
  });

  it("reads team-a's alerts from Alertmanager, and a read-only token cannot silence them", async () => {
    const token = await tokenOf(['read']);
    const alerts = await grafana(
      token,
      '/tenants/team-a/alertmanager/api/v2/alerts',
    );
    expect(alerts.status).toBe(200);
    const names = ((await alerts.json()) as any[]).map(a => a.labels.alertname);
    expect(names).toEqual([PEER_DATA.alerts.teamA]);

    const silence = await fetch(
      `${base}/tenants/team-a/alertmanager/api/v2/silences`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          matchers: [
            {
              name: 'namespace',
              value: 'team-a',
              isRegex: false,
              isEqual: true,
            },
          ],
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 60_000).toISOString(),
          createdBy: 'token',
          comment: 'not allowed',
        }),
      },
    );
    expect(silence.status).toBe(403);
    const silences = (await (
      await fetch(`${peers.alertmanagerUrl}/api/v2/silences`)
    ).json()) as Array<{ createdBy: string }>;
    expect(silences.map(s => s.createdBy)).not.toContain('token');
  });
});
