import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  auth,
  startGatewayBackend,
  USERS,
} from '../__testUtils__/gatewayBackend';
import {
  RecordedRequest,
  startRecordingUpstream,
} from '../upstream/__testUtils__/recordingUpstream';

const SEED = 20261203;
const RUNS = 300;

/** A segment as the gateway must send it: one name, canonically encoded, never a dot segment. */
function isOneName(segment: string): boolean {
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    return false;
  }
  return (
    name !== '' &&
    name !== '.' &&
    name !== '..' &&
    !name.includes('/') &&
    encodeURIComponent(name) === segment
  );
}

/** The paths each method may reach on Loki's ruler: `S` is one name. */
const SHAPES: Record<string, RegExp[]> = {
  GET: [
    /^\/loki\/api\/v1\/rules$/,
    /^\/prometheus\/api\/v1\/rules$/,
    /^\/loki\/api\/v1\/rules\/(?<ns>[^/?#]+)\/(?<group>[^/?#]+)$/,
  ],
  POST: [/^\/loki\/api\/v1\/rules\/(?<ns>[^/?#]+)$/],
  DELETE: [/^\/loki\/api\/v1\/rules\/(?<ns>[^/?#]+)\/(?<group>[^/?#]+)$/],
};

function hasAllowedShape(request: RecordedRequest): boolean {
  return (SHAPES[request.method] ?? []).some(shape => {
    const m = shape.exec(request.url);
    return m !== null && Object.values(m.groups ?? {}).every(isOneName);
  });
}

/** Sends a request byte for byte: no client resolves `..` or `%2e` first. */
function send(
  port: number,
  method: string,
  path: string,
  body?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        headers: {
          Authorization: auth.user(USERS.alice),
          ...(body && { 'Content-Type': 'application/json' }),
        },
      },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Names a hostile tenant would try, names the ruler takes, and arbitrary ones. */
const names = fc.oneof(
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,6}$/), weight: 4 },
  fc.constantFrom(
    '',
    '.',
    '..',
    '%2e',
    '%2e%2e',
    '%2E%2E',
    '.%2e',
    '%252e%252e',
    '/',
    '%2F',
    '%2f..',
    '..%2F..',
    '..%2Fdelete',
    'delete',
    'team-a',
    'checkout',
    'é',
    '☃',
    '%00',
    '..;',
    '\\..',
  ),
  fc.stringMatching(/^[A-Za-z0-9_.:%/-]{0,6}$/),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);

/** How the name goes into the URL: as it is (printable ASCII kept), or encoded. */
const inUrl = (name: string, encoded: boolean) =>
  encoded
    ? encodeURIComponent(name)
    : name.replace(/[^\x21-\x7e]/gu, c => encodeURIComponent(c));

const group = JSON.stringify({
  rules: [
    {
      alert: 'CheckoutErrors',
      expr: 'sum(count_over_time({namespace="team-a"} |= "error" [5m])) > 10',
    },
  ],
});

describe('Loki rules routes: upstream paths for any namespace and group name', () => {
  let loki: Awaited<ReturnType<typeof startRecordingUpstream>>;
  let port: number;

  beforeAll(async () => {
    loki = await startRecordingUpstream(r => ({
      status: r.method === 'GET' ? 404 : 202,
      contentType: 'text/plain',
      body: '',
    }));
    const { server } = await startGatewayBackend({ loki: loki.url });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => loki?.stop());

  it.each([
    ['PUT', 'PUT', group],
    ['DELETE', 'DELETE', undefined],
  ])(
    '%s reaches only the allowlisted ruler path, or nothing with a 400/404',
    async (_name, method, body) => {
      const seen = { reached: 0, refused: 0 };
      const done = method === 'PUT' ? 200 : 204;
      await fc.assert(
        fc.asyncProperty(
          names,
          names,
          fc.boolean(),
          async (namespace, groupName, encoded) => {
            loki.requests.length = 0;
            const status = await send(
              port,
              method,
              `/api/monitoring-stack/tenants/team-a/rules/loki/${inUrl(
                namespace,
                encoded,
              )}/${inUrl(groupName, encoded)}`,
              body,
            );
            const sent = loki.requests.map(r => `${r.method} ${r.url}`);
            // Either refused before Loki, or every request has its route's shape.
            const reached = loki.requests.length > 0;
            seen[reached ? 'reached' : 'refused']++;
            const refused = [400, 404].includes(status) ? 'refused' : status;
            expect({
              outcome: reached ? status : refused,
              sent,
              shapes: loki.requests.map(hasAllowedShape),
            }).toEqual({
              outcome: reached ? done : 'refused',
              sent,
              shapes: loki.requests.map(() => true),
            });
          },
        ),
        { numRuns: RUNS, seed: SEED },
      );
      // Both outcomes must happen for the runs to mean anything.
      expect(seen.reached).toBeGreaterThan(RUNS / 20);
      expect(seen.refused).toBeGreaterThan(RUNS / 20);
    },
    60_000,
  );

  it.each([
    ['.', 'checkout'],
    ['..', 'delete'],
    ['%2e%2e', 'delete'],
    ['team-a', '..'],
    ['team-a', '%2E%2E'],
    ['team-a', '.'],
  ])(
    'refuses namespace %p and group %p with a 400 and no upstream call',
    async (namespace, groupName) => {
      for (const [method, body] of [
        ['PUT', group],
        ['DELETE', undefined],
      ] as const) {
        loki.requests.length = 0;
        const status = await send(
          port,
          method,
          `/api/monitoring-stack/tenants/team-a/rules/loki/${namespace}/${groupName}`,
          body,
        );
        const sent = loki.requests.map(r => `${r.method} ${r.url}`);
        expect({ method, status, sent }).toEqual({
          method,
          status: 400,
          sent: [],
        });
      }
    },
  );
});
