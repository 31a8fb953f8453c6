import { CacheService } from '@backstage/backend-plugin-api';
import {
  StackComponentName,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { delay, http, HttpResponse, passthrough } from 'msw';
import net, { AddressInfo } from 'node:net';
import { setupServer } from 'msw/node';
import { Upstream } from '../upstream/upstream';
import { CloudTrailFreshness, StackHealth } from './StackHealth';

const probes: string[] = [];
const server = setupServer(
  http.get('http://prometheus.test/-/ready', ({ request }) => {
    probes.push(request.url);
    return new HttpResponse('Prometheus Server is Ready.\n');
  }),
  http.get(
    'http://alertmanager.test/-/ready',
    () => new HttpResponse('Service Unavailable', { status: 503 }),
  ),
  http.get('http://loki.test/ready', async () => {
    await delay(2000);
    return new HttpResponse('ready');
  }),
  http.get('http://grafana.test/api/health', () =>
    HttpResponse.json({ database: 'ok', version: '11.3.0' }),
  ),
  http.get('https://grafana.team-a.test/api/health', () =>
    HttpResponse.json({ database: 'failing' }, { status: 503 }),
  ),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  probes.length = 0;
});
afterAll(() => server.close());

const up = (name: string, url: string): Upstream => ({
  name,
  url,
  timeoutMs: 200,
});
const UPSTREAMS = new Map<StackComponentName, Upstream>([
  ['prometheus', up('Prometheus', 'http://prometheus.test')],
  ['alertmanager', up('Alertmanager', 'http://alertmanager.test')],
  ['loki', up('Loki', 'http://loki.test')],
  ['grafana', up('Grafana', 'http://grafana.test')],
]);
const NOW = new Date('2026-03-01T12:00:00Z');

/** A cache that remembers, so that repeated calls can be told apart. */
function mapCache(): CacheService {
  const map = new Map<string, unknown>();
  const cache: CacheService = {
    get: async key => map.get(key) as any,
    set: async (key, value) => void map.set(key, value),
    delete: async key => void map.delete(key),
    withOptions: () => cache,
  };
  return cache;
}

const health = (cloudTrail: CloudTrailFreshness, cache = mapCache()) =>
  new StackHealth(UPSTREAMS, cloudTrail, cache, () => NOW);

describe('StackHealth', () => {
  it('probes every component: up, down, timed out, unreachable and not configured', async () => {
    server.use(
      http.get('http://prometheus.test/-/ready', () => HttpResponse.error()),
    );
    const res = await health(async () => ({
      up: true,
      detail: 'last successful run at x',
    })).shared();
    const checkedAt = NOW.toISOString();
    expect(res.components).toEqual([
      {
        component: 'prometheus',
        status: 'down',
        reason: 'unreachable',
        detail: expect.stringMatching(/^Prometheus is unreachable/),
        checkedAt,
      },
      {
        component: 'thanosQuery',
        status: 'not-configured',
        detail: 'monitoringStack.upstreams.thanosQuery.url is not set',
        checkedAt,
      },
      {
        component: 'alertmanager',
        status: 'down',
        reason: 'failed',
        detail: 'Alertmanager answered /-/ready with HTTP 503',
        checkedAt,
      },
      {
        component: 'loki',
        status: 'down',
        reason: 'unreachable',
        detail: 'Loki did not answer /ready within 200 ms',
        checkedAt,
      },
      { component: 'grafana', status: 'up', checkedAt },
      {
        component: 'cloudtrail',
        status: 'up',
        detail: 'last successful run at x',
        checkedAt,
      },
    ]);
  });

  it.each([
    [
      undefined,
      {
        status: 'not-configured',
        detail: 'monitoringStack.cloudTrail.enabled is not set',
      },
    ],
    [
      { up: false, detail: 'no successful run yet' },
      { status: 'down', reason: 'failed', detail: 'no successful run yet' },
    ],
  ])('reports CloudTrail delivery %j as %j', async (freshness, expected) => {
    const res = await health(async () => freshness).shared();
    expect(res.components.find(c => c.component === 'cloudtrail')).toEqual({
      component: 'cloudtrail',
      ...expected,
      checkedAt: NOW.toISOString(),
    });
  });

  it('says which setting a component lacks, and why one that refuses connections is unreachable, without its address', async () => {
    // A port nobody listens on: the connection is refused for real.
    const closed = net.createServer();
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise(r => closed.close(r));
    const url = `http://127.0.0.1:${port}`;
    server.use(http.get(`${url}/-/ready`, () => passthrough()));
    const res = await new StackHealth(
      new Map([['prometheus', up('Prometheus', url)]]),
      async () => undefined,
      mapCache(),
      () => NOW,
    ).shared();
    const [prometheus, thanosQuery] = res.components;
    expect(prometheus).toEqual({
      component: 'prometheus',
      status: 'down',
      reason: 'unreachable',
      detail: 'Prometheus is unreachable (ECONNREFUSED): connection refused',
      checkedAt: NOW.toISOString(),
    });
    expect(JSON.stringify(res)).not.toMatch(/127\.0\.0\.1|localhost/);
    expect(JSON.stringify(res)).not.toContain(String(port));
    expect(thanosQuery).toEqual({
      component: 'thanosQuery',
      status: 'not-configured',
      detail: 'monitoringStack.upstreams.thanosQuery.url is not set',
      checkedAt: NOW.toISOString(),
    });
  });

  it('reuses a recent answer', async () => {
    const h = health(async () => undefined);
    await h.shared();
    await h.shared();
    expect(probes).toHaveLength(1);
  });

  it("puts the tenant's own Grafana in place of the shared one", async () => {
    const tenant = {
      id: 'team-a',
      grafanaUrl: 'https://grafana.team-a.test',
    } as TenantRef;
    const h = health(async () => undefined);
    const grafana = async (t: TenantRef) =>
      (await h.tenant(t)).components.filter(c => c.component === 'grafana');
    expect(await grafana(tenant)).toEqual([
      {
        component: 'grafana',
        status: 'down',
        reason: 'failed',
        detail: 'Grafana of team-a answered /api/health with HTTP 503',
        checkedAt: NOW.toISOString(),
      },
    ]);
    expect(await grafana({ id: 'team-b' } as TenantRef)).toEqual([
      {
        component: 'grafana',
        status: 'not-configured',
        detail: 'tenant team-b has no Grafana URL',
        checkedAt: NOW.toISOString(),
      },
    ]);
  });
});
