import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { generateKeyPairSync, sign } from 'node:crypto';
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { startGatewayBackend } from '../__testUtils__/gatewayBackend';

/**
 * Service principals as Backstage's own auth services make them: a static
 * token's subject is the configured one; a JWKS token's is `external:<sub>`.
 * Grants match the full subject, so a JWKS issuer that can mint any `sub`
 * never gets a static token's tenant.
 */

const STATIC_TOKEN = 'static-token-of-grafana-team-a-0123456789';
const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
});
const KID = 'test-key';

const b64url = (value: object | Buffer) =>
  (Buffer.isBuffer(value)
    ? value
    : Buffer.from(JSON.stringify(value))
  ).toString('base64url');

/** An RS256 JWT for `sub`, as an external identity provider issues it. */
function jwt(sub: string): string {
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64url({ alg: 'RS256', kid: KID, typ: 'JWT' })}.${b64url({
    sub,
    iat: now,
    exp: now + 600,
  })}`;
  return `${unsigned}.${b64url(
    sign('sha256', Buffer.from(unsigned), privateKey),
  )}`;
}

/** The identity provider's JWKS and a Prometheus-shaped metrics upstream. */
let upstream: Server;
let base: string;
const queries: string[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/jwks') {
      const jwk = { ...publicKey.export({ format: 'jwk' }), kid: KID };
      res.end(JSON.stringify({ keys: [{ ...jwk, alg: 'RS256', use: 'sig' }] }));
      return;
    }
    queries.push(req.url ?? '');
    res.end(
      JSON.stringify({
        status: 'success',
        data: { resultType: 'vector', result: [] },
      }),
    );
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise(resolve => upstream.close(resolve)));

async function backend(serviceTokens: object[]) {
  const { server } = await startGatewayBackend({
    metrics: base,
    gateway: { serviceTokens },
    backend: {
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: STATIC_TOKEN, subject: 'grafana-team-a' },
          },
          { type: 'jwks', options: { url: `${base}/jwks` } },
        ],
      },
    },
    features: [authServiceFactory, httpAuthServiceFactory],
  });
  return server;
}

const query = (server: Server, tenant: string, token: string) =>
  request(server)
    .get(`/api/monitoring-stack/tenants/${tenant}/metrics/api/v1/query`)
    .query({ query: 'up' })
    .set('Authorization', `Bearer ${token}`);

describe('service principals through the real auth services', () => {
  it('gives a static token its tenant, and a JWKS token with the same sub nothing', async () => {
    const server = await backend([
      { subject: 'grafana-team-a', tenant: 'team-a' },
    ]);
    expect((await query(server, 'team-a', STATIC_TOKEN)).status).toBe(200);
    expect((await query(server, 'team-b', STATIC_TOKEN)).status).toBe(403);

    queries.length = 0;
    const impostor = await query(server, 'team-a', jwt('grafana-team-a'));
    expect(impostor.status).toBe(403);
    expect(queries).toEqual([]);
  });

  it('grants a JWKS caller by its full external subject', async () => {
    const server = await backend([
      { subject: 'external:grafana-team-b', tenant: 'team-b' },
    ]);
    expect((await query(server, 'team-b', jwt('grafana-team-b'))).status).toBe(
      200,
    );
    expect((await query(server, 'team-a', jwt('grafana-team-b'))).status).toBe(
      403,
    );
  });

  it('refuses to start with a plugin subject in serviceTokens', async () => {
    await expect(
      backend([{ subject: 'plugin:mcp-actions', tenant: '*' }]),
    ).rejects.toThrow(
      "monitoringStack.gateway.serviceTokens[0].subject: 'plugin:mcp-actions' is a Backstage plugin",
    );
  });
});
