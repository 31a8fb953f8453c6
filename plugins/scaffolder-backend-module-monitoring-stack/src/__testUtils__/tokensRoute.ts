import { http, HttpResponse } from 'msw';
import { SetupServer } from 'msw/node';

const BASE = 'http://backstage.test/api/monitoring-stack';

/**
 * The portal's tokens route as docs/gateway.md documents it
 * (`GET|POST /tenants/:tenant/tokens`, `DELETE .../:id`) for tenant team-a
 * (403 for any other), on msw; `existing` are the tokens it lists. Returns
 * every call it got, with its Authorization header and body.
 */
export function startTokensRoute(
  server: SetupServer,

  existing: Array<{ id: string; description: string; state: string }> = [],
) {
  const calls: Array<{
    method: string;
    path: string;
    authorization: string | null;
    body?: unknown;
  }> = [];
  let n = 0;
  server.use(
    http.all(`${BASE}/tenants/:tenant/tokens*`, async ({ request, params }) => {
      const url = new URL(request.url);
      const body = request.method === 'POST' ? await request.json() : undefined;
      calls.push({
        method: request.method,
        path: url.pathname.slice('/api/monitoring-stack'.length),
        authorization: request.headers.get('authorization'),
        body,
      });
      if (params.tenant !== 'team-a') {
        return HttpResponse.json(
          { error: { name: 'NotAllowedError', message: 'no' } },
          { status: 403 },
        );
      }
      if (request.method === 'GET') {
        return HttpResponse.json({
          items: existing.map(t => ({
            ...t,
            tenant: 'team-a',
            rights: ['read'],
          })),
        });
      }
      if (request.method === 'POST') {
        n += 1;
        const id = `id${String(n).padStart(14, '0')}`;
        return HttpResponse.json(
          {
            id,
            tenant: 'team-a',
            description: (body as { description: string }).description,
            rights: ['read'],
            createdBy: 'user:default/alice',
            createdAt: '2026-12-07T00:00:00.000Z',
            expiresAt: '2027-12-07T00:00:00.000Z',
            state: 'active',
            token: `mst_${id}_${'s'.repeat(43)}`,
          },
          { status: 201 },
        );
      }
      return HttpResponse.json({ state: 'revoked' });
    }),
  );
  return calls;
}
