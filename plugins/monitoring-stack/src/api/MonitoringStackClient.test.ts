import { MonitoringStackClient } from './MonitoringStackClient';

const base = 'http://localhost:7007/api/monitoring-stack';

function clientReturning(status: number, body: unknown) {
  const fetch = jest.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      }),
  );
  const client = new MonitoringStackClient({
    discoveryApi: { getBaseUrl: async () => base },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, fetch };
}

describe('MonitoringStackClient', () => {
  it.each([
    ['getTenants', (c: MonitoringStackClient) => c.getTenants(), '/tenants'],
    ['getOverview', (c: MonitoringStackClient) => c.getOverview(), '/overview'],
    [
      'getAlerts',
      (c: MonitoringStackClient) => c.getAlerts('team-a'),
      '/tenants/team-a/alerts',
    ],
    [
      'getAlerts with reserved characters',
      (c: MonitoringStackClient) => c.getAlerts("a*b'(c)!"),
      '/tenants/a%2Ab%27%28c%29%21/alerts',
    ],
    [
      'getSnsDelivery',
      (c: MonitoringStackClient) => c.getSnsDelivery('t(1)', 24),
      '/tenants/t%281%29/sns?windowHours=24',
    ],
    [
      'getTenantHealth',
      (c: MonitoringStackClient) => c.getTenantHealth('team-a'),
      '/tenants/team-a/health',
    ],
    [
      'getStackHealth',
      (c: MonitoringStackClient) => c.getStackHealth(),
      '/health',
    ],
    [
      'getCloudTrailEvents',
      (c: MonitoringStackClient) => c.getCloudTrailEvents(),
      '/cloudtrail/events',
    ],
    [
      'getTenantTokens',
      (c: MonitoringStackClient) => c.getTenantTokens('team-a'),
      '/tenants/team-a/tokens',
    ],
  ])('%s', async (_name, call, path) => {
    const { client, fetch } = clientReturning(200, { ok: true });
    await expect(call(client)).resolves.toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledWith(`${base}${path}`, undefined);
  });

  it('posts a silence to the tenant gateway and returns its id', async () => {
    const { client, fetch } = clientReturning(200, { silenceID: 'abc' });
    const silence = {
      matchers: [
        { name: 'namespace', value: 'team-a', isRegex: false, isEqual: true },
      ],
      startsAt: '2024-05-01T10:00:00.000Z',
      endsAt: '2024-05-01T12:00:00.000Z',
      createdBy: 'user:default/alice',
      comment: 'maintenance',
    };
    await expect(client.createSilence("x'y", silence)).resolves.toEqual({
      silenceID: 'abc',
    });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${base}/tenants/x%27y/alertmanager/api/v2/silences`);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual(silence);
  });

  it.each([
    [
      'creates',
      (c: MonitoringStackClient) =>
        c.createTenantToken('team-a', {
          description: 'Grafana',
          rights: ['read'],
          expiresInDays: 30,
        }),
      'POST',
      '/tenants/team-a/tokens',
      { description: 'Grafana', rights: ['read'], expiresInDays: 30 },
    ],
    [
      'rotates',
      (c: MonitoringStackClient) => c.rotateTenantToken('team-a', 'ab_c-1'),
      'POST',
      '/tenants/team-a/tokens/ab_c-1/rotate',
      undefined,
    ],
    [
      'revokes',
      (c: MonitoringStackClient) => c.revokeTenantToken('team-a', 'a/b'),
      'DELETE',
      '/tenants/team-a/tokens/a%2Fb',
      undefined,
    ],
  ])('%s a tenant token', async (_name, call, method, path, body) => {
    const { client, fetch } = clientReturning(200, { id: 'x' });
    await expect(call(client)).resolves.toEqual({ id: 'x' });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${base}${path}`);
    expect(init?.method).toBe(method);
    expect(init?.body && JSON.parse(String(init.body))).toEqual(body);
  });

  it('throws a ResponseError with the status of a failed call', async () => {
    const { client } = clientReturning(403, {
      error: { name: 'NotAllowedError', message: 'not your tenant' },
      response: { statusCode: 403 },
    });
    await expect(client.getAlerts('team-b')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      cause: expect.objectContaining({ name: 'NotAllowedError' }),
    });
  });
});
