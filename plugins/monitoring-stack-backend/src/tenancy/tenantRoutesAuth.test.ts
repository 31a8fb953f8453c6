import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  startGatewayBackend,
  TEST_TENANTS,
} from '../__testUtils__/gatewayBackend';
import { startRecordingUpstream } from '../upstream/__testUtils__/recordingUpstream';
import {
  formatTenantToken,
  hashTokenSecret,
  newTokenSecret,
} from '../tokens/tenantTokenFormat';
import { TenantTokenStore } from '../tokens/TenantTokenStore';

/**
 * The plugin opens `/tenants` in Backstage's credentials barrier so that
 * tenant tokens reach it (httpRouter.addAuthPolicy), and puts the barrier
 * back itself. Every route under /tenants, found in the running backend's
 * Express stack rather than listed by hand, is called without credentials
 * and with tenant tokens that are malformed, unknown, expired or revoked,
 * through Backstage's real auth services: each answers 401 and no upstream
 * is asked.
 */

type Route = { method: string; path: string };

/** Every route of the Express stack under `app`, as registered. */
function routesOf(stack: any[], found: Route[] = []): Route[] {
  for (const layer of stack) {
    if (layer.route) {
      const paths = [layer.route.path].flat() as string[];
      for (const method of Object.keys(layer.route.methods)) {
        for (const path of paths) found.push({ method, path });
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      routesOf(layer.handle.stack, found);
    }
  }
  return found;
}

/** A concrete path for a route's parameters. */
const PARAMS: Record<string, string> = {
  tenant: 'team-a',
  endpoint: 'query',
  name: 'job',
  id: 'tokenid000000001',
  namespace: 'team-a',
  group: 'g',
};
function concrete(path: string): string {
  return path
    .replace(/:(\w+)/g, (_, name) => {
      if (!(name in PARAMS))
        throw new Error(`No value for :${name} in ${path}`);
      return PARAMS[name];
    })
    .replace(/\*$/, 'api/search');
}

/** Sends a request byte for byte and reads the status. */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { 'Content-Type': 'application/json', ...headers },
      },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', c => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(method === 'GET' || method === 'DELETE' ? undefined : '{}');
  });
}

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

let upstream: Awaited<ReturnType<typeof startRecordingUpstream>>;
let server: Server;
let port: number;
let knex: Knex;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  knex = await databases.init('SQLITE_3');
  // Every tenant's Grafana is the recording upstream too.
  const entities = TEST_TENANTS.map(e => ({
    ...e,
    metadata: {
      ...e.metadata,
      annotations: {
        ...e.metadata.annotations,
        'monitoring-stack.io/grafana-url': upstream.url,
      },
    },
  }));
  ({ server } = await startGatewayBackend({
    metrics: upstream.url,
    loki: upstream.url,
    alertmanager: upstream.url,
    entities,
    features: [
      authServiceFactory,
      httpAuthServiceFactory,
      mockServices.database.factory({ knex }),
    ],
  }));
  port = (server.address() as AddressInfo).port;

  const store = new TenantTokenStore(knex);
  const now = Date.now();
  const add = async (
    name: string,
    id: string,
    times: { expiresAt: number; revokedAt?: number },
  ) => {
    const secret = newTokenSecret();
    await store.insert({
      id,
      tenant: 'team-a',
      rights: ['read', 'silence', 'write'],
      description: name,
      createdBy: 'user:default/alice',
      createdAt: now - 1000,
      secretHash: hashTokenSecret(secret),
      ...times,
    });
    tokens[name] = formatTenantToken({ id, secret });
  };
  await add('valid', 'validtoken000001', { expiresAt: now + 3_600_000 });
  await add('expired', 'expiredtoken0001', { expiresAt: now - 1 });
  await add('revoked', 'revokedtoken0001', {
    expiresAt: now + 3_600_000,
    revokedAt: now - 1,
  });
  tokens.unknown = formatTenantToken({
    id: 'unknowntoken0001',
    secret: newTokenSecret(),
  });
  // The valid token's id with another secret.
  tokens['wrong secret'] = formatTenantToken({
    id: 'validtoken000001',
    secret: newTokenSecret(),
  });
  tokens.malformed = 'mst_not-a-token';
});

afterAll(async () => {
  await upstream?.stop();
});

/** Every route under /tenants of the running backend, each method once. */
function tenantRoutes(): Array<[string, string]> {
  const app = server.listeners('request')[0] as unknown as {
    _router: { stack: any[] };
  };
  const seen = new Set<string>();
  return routesOf(app._router.stack)
    .filter(r => /^\/tenants(\/|$)/.test(r.path))
    .flatMap(r =>
      (r.method === '_all' ? ['get', 'post'] : [r.method]).map(
        (m): [string, string] => [
          m.toUpperCase(),
          `/api/monitoring-stack${concrete(r.path)}`,
        ],
      ),
    )
    .filter(
      ([m, p]) => !seen.has(`${m} ${p}`) && Boolean(seen.add(`${m} ${p}`)),
    );
}

describe('the tenant routes without valid credentials', () => {
  it('finds the routes of every capability', () => {
    const paths = tenantRoutes().map(([m, p]) => `${m} ${p}`);
    expect(paths.length).toBeGreaterThan(30);
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /api/monitoring-stack/tenants',
        'GET /api/monitoring-stack/tenants/team-a/metrics/api/v1/query',
        'POST /api/monitoring-stack/tenants/team-a/alertmanager/api/v2/silences',
        'GET /api/monitoring-stack/tenants/team-a/logs/loki/api/v1/tail',
        'PUT /api/monitoring-stack/tenants/team-a/rules/loki/team-a/g',
        'GET /api/monitoring-stack/tenants/team-a/grafana/api/search',
        'POST /api/monitoring-stack/tenants/team-a/tokens',
        'DELETE /api/monitoring-stack/tenants/team-a/tokens/tokenid000000001',
        'GET /api/monitoring-stack/tenants/team-a/sns',
      ]),
    );
  });

  // Headers made when the test runs, once the tokens exist.
  it.each<[string, () => Record<string, string>]>([
    ['no credentials', () => ({})],
    [
      'a token Backstage does not know',
      () => ({ Authorization: 'Bearer nope' }),
    ],
    ['the user cookie only', () => ({ Cookie: 'backstage-auth=nope' })],
    ...['malformed', 'unknown', 'wrong secret', 'expired', 'revoked'].map(
      (name): [string, () => Record<string, string>] => [
        `a tenant token that is ${name}`,
        () => ({ Authorization: `Bearer ${tokens[name]}` }),
      ],
    ),
  ])(
    'answers 401 on every route with %s, asking no upstream',
    async (_name, headers) => {
      const answers = [];
      for (const [method, path] of tenantRoutes()) {
        const { status } = await send(port, method, path, headers());
        answers.push(`${status} ${method} ${path}`);
      }
      expect(answers.filter(a => !a.startsWith('401 '))).toEqual([]);
      expect(upstream.requests).toEqual([]);
    },
  );

  it.each([
    'GET /api/monitoring-stack/tenants/team-a/no-such-route',
    'GET /api/monitoring-stack/TENANTS/team-a/metrics/api/v1/query?query=up',
    'GET /api/monitoring-stack/Tenants/team-a/tokens',
    'POST /api/monitoring-stack/tenants/team-a/tokens/tokenid000000001/rotate',
  ])('answers 401 for %s too', async request => {
    const [method, path] = request.split(' ');
    expect((await send(port, method, path, {})).status).toBe(401);
    expect(upstream.requests).toEqual([]);
  });

  it.each(['no credentials', 'malformed', 'unknown', 'expired', 'revoked'])(
    "refuses the live tail's WebSocket route with 401 for %s",
    async name => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          path: '/api/monitoring-stack/tenants/team-a/logs/loki/api/v1/tail?query=%7Bjob%3D%22x%22%7D',
          agent: false,
          headers: {
            Connection: 'Upgrade',
            Upgrade: 'websocket',
            'Sec-WebSocket-Version': '13',
            'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
            ...(tokens[name] && { Authorization: `Bearer ${tokens[name]}` }),
          },
        });
        req.once('response', res => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.once('upgrade', () => reject(new Error('The tail was upgraded')));
        req.once('error', reject);
        req.end();
      });
      expect(status).toBe(401);
      expect(upstream.requests).toEqual([]);
    },
  );

  it('lets a valid tenant token through to the routes, which decide its rights', async () => {
    const authorization = { Authorization: `Bearer ${tokens.valid}` };
    const query = await send(
      port,
      'GET',
      '/api/monitoring-stack/tenants/team-a/metrics/api/v1/query?query=up',
      authorization,
    );
    expect(query.status).toBe(200);
    expect(upstream.requests.map(r => r.path)).toEqual(['/api/v1/query']);
    const other = await send(
      port,
      'GET',
      '/api/monitoring-stack/tenants/team-b/metrics/api/v1/query?query=up',
      authorization,
    );
    expect(other.status).toBe(403);
    // Routes for users refuse it as they refuse static service tokens.
    for (const path of ['alerts', 'tokens', 'setup']) {
      const res = await send(
        port,
        'GET',
        `/api/monitoring-stack/tenants/team-a/${path}`,
        authorization,
      );
      expect([path, res.status]).toEqual([path, 403]);
    }
    const list = await send(
      port,
      'GET',
      '/api/monitoring-stack/tenants',
      authorization,
    );
    expect(list.status).toBe(401);
  });
});
