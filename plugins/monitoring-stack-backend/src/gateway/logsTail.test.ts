import http, { IncomingMessage } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { Duplex } from 'node:stream';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import express, { NextFunction, Request, Response } from 'express';
import WebSocket, { WebSocketServer } from 'ws';
import {
  auth,
  PORTAL_ORIGIN,
  startGatewayBackend,
  USERS,
} from '../__testUtils__/gatewayBackend';
import { handleLogsTail, LogsTailOptions } from './logsTail';

const QUERY = encodeURIComponent('{app="web"}');

/** Fails with `what` unless `promise` settles within `ms`. */
async function within<T>(ms: number, what: string, promise: Promise<T>) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Expected ${what} within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const closeEvent = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string }>(resolve =>
    ws.once('close', (code, reason) =>
      resolve({ code, reason: reason.toString() }),
    ),
  );

/** The sockets a server accepted and that are not closed yet. */
function trackSockets(server: http.Server) {
  const open = new Set<Socket>();
  server.on('connection', socket => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return { server, open };
}

const everything: Array<() => void> = [];
afterEach(() => everything.splice(0).forEach(stop => stop()));

/** Stops a test's client, which may still be connecting. */
const stopClient = (client: WebSocket) => () => {
  client.on('error', () => {});
  client.terminate();
};

/** Waits until no socket of the server is open, by the test's count and the server's. */
async function expectAllClosed(
  tracked: ReturnType<typeof trackSockets>,
  what: string,
) {
  await within(
    2000,
    `${what} to have no socket open (${tracked.open.size} are)`,
    Promise.all(
      [...tracked.open].map(s => new Promise(r => s.once('close', r))),
    ),
  );
  const count = await new Promise<number>((resolve, reject) =>
    tracked.server.getConnections((e, n) => (e ? reject(e) : resolve(n))),
  );
  expect({ what, open: tracked.open.size, count }).toEqual({
    what,
    open: 0,
    count: 0,
  });
}

/** A Loki tail frame, as Loki's tail endpoint pushes them. */
const tailFrame = (line: string, ns = '1700000000000000000') =>
  JSON.stringify({
    streams: [{ stream: { namespace: 'team-a' }, values: [[ns, line]] }],
    dropped_entries: null,
  });

type FakeLokiBehaviour = {
  /** Answers a tail's handshake; by default it is accepted at once. */
  onUpgrade?: (
    req: IncomingMessage,
    socket: Duplex,
    accept: () => void,
  ) => void;
  /** Runs once a tail is open; what it sends goes out with the handshake. */
  onTail?: (ws: WebSocket, socket: Duplex) => void;
};

/** A Loki stand-in for `/loki/api/v1/tail` on 127.0.0.1. */
async function startFakeLoki(behaviour: FakeLokiBehaviour = {}) {
  const seen: { url: string; orgId?: string }[] = [];
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const tracked = trackSockets(server);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head) => {
    seen.push({
      url: req.url!,
      orgId: req.headers['x-scope-orgid'] as string | undefined,
    });
    const accept = () => {
      // Corked, so the first frames share a packet with the handshake.
      (socket as Socket).cork();
      wss.handleUpgrade(req, socket, head, ws => {
        ws.on('error', () => {});
        behaviour.onTail?.(ws, socket);
        (socket as Socket).uncork();
      });
    };
    if (!behaviour.onUpgrade) {
      accept();
      return;
    }
    // Before it answers, Loki still notices the gateway hanging up.
    socket.resume();
    socket.once('end', () => socket.destroy());
    behaviour.onUpgrade(req, socket, accept);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  everything.push(() => {
    tracked.open.forEach(s => s.destroy());
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, tracked };
}
type FakeLoki = Awaited<ReturnType<typeof startFakeLoki>>;

/** Errors answered the way Backstage's error middleware does. */
const STATUS: Record<string, number> = { InputError: 400, NotFoundError: 404 };

/** `handleLogsTail` alone on 127.0.0.1, in front of `loki`. */
async function startGateway(
  loki: FakeLoki,
  options: Partial<LogsTailOptions> & { timeoutMs?: number } = {},
) {
  const { timeoutMs = 2000, ...tailOptions } = options;
  const app = express();
  app.get('/tail', (req, res, next) => {
    handleLogsTail(req, res, {
      upstream: { name: 'Loki', url: loki.url, timeoutMs },
      orgId: 'team-a',
      ...tailOptions,
    }).catch(next);
  });
  app.use(
    (
      error: Error & { statusCode?: number },
      _req: Request,
      res: Response,
      _next: NextFunction,
    ) => {
      res
        .status(error.statusCode ?? STATUS[error.name] ?? 500)
        .json({ error: { name: error.name, message: error.message } });
    },
  );
  const server = http.createServer(app);
  const tracked = trackSockets(server);
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  everything.push(() => {
    tracked.open.forEach(s => s.destroy());
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return { port, url: `ws://127.0.0.1:${port}/tail?query=${QUERY}`, tracked };
}
type Gateway = Awaited<ReturnType<typeof startGateway>>;

function connect(gateway: Gateway) {
  const client = new WebSocket(gateway.url);
  everything.push(stopClient(client));
  return client;
}

/** The HTTP status the gateway refused a WebSocket client with. */
async function refusal(client: WebSocket) {
  const [req, res] = await within(
    2000,
    'the gateway to refuse the tail',
    new Promise<[http.ClientRequest, IncomingMessage]>((resolve, reject) => {
      client.once('unexpected-response', (q, s) => resolve([q, s]));
      client.once('open', () => reject(new Error('The tail was upgraded')));
    }),
  );
  req.destroy();
  return res.statusCode;
}

/** A hand-made handshake, with what ws would not let a client send. */
function handshake(gateway: Gateway, headers: Record<string, string> = {}) {
  const req = http.request({
    host: '127.0.0.1',
    port: gateway.port,
    path: `/tail?query=${QUERY}`,
    agent: false,
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      ...headers,
    },
  });
  everything.push(() => req.destroy());
  req.end();
  return req;
}

/** The HTTP status a hand-made handshake is refused with. */
async function rawHandshake(gateway: Gateway, headers: Record<string, string>) {
  const req = handshake(gateway, headers);
  const res = await within(
    2000,
    'an answer to the handshake',
    new Promise<IncomingMessage>((resolve, reject) => {
      req.once('response', resolve);
      req.once('upgrade', () => reject(new Error('The tail was upgraded')));
      req.once('error', reject);
    }),
  );
  res.resume();
  return res.statusCode;
}

describe('logs tail through the gateway router', () => {
  it("opens the tail on Loki with the tenant's org id and relays frames", async () => {
    const loki = await startFakeLoki({
      onTail: ws => ws.send(tailFrame('hello')),
    });
    const { server } = await startGatewayBackend({ loki: loki.url });
    const gateway = trackSockets(server);
    const { port } = server.address() as AddressInfo;
    const client = new WebSocket(
      `ws://127.0.0.1:${port}/api/monitoring-stack/tenants/team-a/logs/loki/api/v1/tail?query=${QUERY}`,
      {
        headers: {
          Authorization: auth.user(USERS.alice),
          'X-Scope-OrgID': 'team-b',
        },
      },
    );
    everything.push(stopClient(client));
    const frame = await within(
      2000,
      'a frame',
      new Promise<string>((resolve, reject) => {
        client.once('message', data => resolve(data.toString()));
        client.once('error', reject);
      }),
    );
    expect(JSON.parse(frame).streams[0].values[0][1]).toBe('hello');
    expect(loki.seen).toEqual([
      {
        url: '/loki/api/v1/tail?query=%7Bapp%3D%22web%22%7D',
        orgId: 'team-a',
      },
    ]);
    client.close();
    await expectAllClosed(loki.tracked, 'Loki');
    await expectAllClosed(gateway, 'the gateway');
  });

  it("refuses another tenant's tail before upgrading", async () => {
    const loki = await startFakeLoki();
    const { server } = await startGatewayBackend({ loki: loki.url });
    const gateway = trackSockets(server);
    const { port } = server.address() as AddressInfo;
    const client = new WebSocket(
      `ws://127.0.0.1:${port}/api/monitoring-stack/tenants/team-b/logs/loki/api/v1/tail?query=${QUERY}`,
      { headers: { Authorization: auth.user(USERS.alice) } },
    );
    everything.push(stopClient(client));
    expect(await refusal(client)).toBe(403);
    expect(loki.seen).toEqual([]);
    await expectAllClosed(gateway, 'the gateway');
  });
});

describe('logs tail next to another plugin with a WebSocket route', () => {
  // Since backend-defaults 0.19, one WebSocket route (signals has one) makes
  // the server take every upgrade itself: an upgrade that only an Express
  // route would handle gets 404.
  const otherPlugin = createBackendPlugin({
    pluginId: 'signals',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          const wss = new WebSocketServer({ noServer: true });
          httpRouter.addWebSocketHandler({
            path: '/',
            handler: ({ request, socket, head }) =>
              wss.handleUpgrade(request, socket, head, ws => ws.send('signal')),
          });
        },
      });
    },
  });

  const firstMessage = (client: WebSocket) =>
    within(
      2000,
      'a frame',
      new Promise<string>((resolve, reject) => {
        client.once('message', data => resolve(data.toString()));
        client.once('error', reject);
        client.once('unexpected-response', (_req, res) =>
          reject(new Error(`Refused with ${res.statusCode}`)),
        );
      }),
    );

  it('still upgrades the tail, with a token and with the cookie', async () => {
    const loki = await startFakeLoki({
      onTail: ws => ws.send(tailFrame('next to signals')),
    });
    const { server } = await startGatewayBackend({
      loki: loki.url,
      features: [otherPlugin],
    });
    const { port } = server.address() as AddressInfo;
    const base = `ws://127.0.0.1:${port}/api`;

    const signals = new WebSocket(`${base}/signals`, {
      headers: { Authorization: auth.user(USERS.alice) },
    });
    everything.push(stopClient(signals));
    expect(await firstMessage(signals)).toBe('signal');

    for (const headers of [
      { Authorization: auth.user(USERS.alice) },
      { Cookie: auth.cookie(USERS.alice), Origin: PORTAL_ORIGIN },
    ]) {
      const client = new WebSocket(
        `${base}/monitoring-stack/tenants/team-a/logs/loki/api/v1/tail?query=${QUERY}`,
        { headers },
      );
      everything.push(stopClient(client));
      const frame = await firstMessage(client);
      expect(JSON.parse(frame).streams[0].values[0][1]).toBe('next to signals');
      client.close();
    }
    expect(loki.seen.map(s => s.orgId)).toEqual(['team-a', 'team-a']);

    // What the tail was before: an upgrade that only Express routes.
    const expressOnly = new WebSocket(
      `${base}/monitoring-stack/tenants/team-a/logs/loki/api/v1/query?query=${QUERY}`,
      { headers: { Authorization: auth.user(USERS.alice) } },
    );
    everything.push(stopClient(expressOnly));
    expect(await refusal(expressOnly)).toBe(404);
  });

  it('is served by its Express route on a backend without WebSocket routes (before backend-defaults 0.19)', async () => {
    const loki = await startFakeLoki({
      onTail: ws => ws.send(tailFrame('through Express')),
    });
    const { server } = await startGatewayBackend({
      loki: loki.url,
      expressUpgrades: true,
    });
    const { port } = server.address() as AddressInfo;
    const client = new WebSocket(
      `ws://127.0.0.1:${port}/api/monitoring-stack/tenants/team-a/logs/loki/api/v1/tail?query=${QUERY}`,
      { headers: { Cookie: auth.cookie(USERS.alice), Origin: PORTAL_ORIGIN } },
    );
    everything.push(stopClient(client));
    const frame = await firstMessage(client);
    expect(JSON.parse(frame).streams[0].values[0][1]).toBe('through Express');
  });

  it('keeps the refusals: another tenant, a cookie from another site', async () => {
    const loki = await startFakeLoki();
    const { server } = await startGatewayBackend({
      loki: loki.url,
      features: [otherPlugin],
    });
    const { port } = server.address() as AddressInfo;
    const tail = (tenant: string, headers: Record<string, string>) => {
      const client = new WebSocket(
        `ws://127.0.0.1:${port}/api/monitoring-stack/tenants/${tenant}/logs/loki/api/v1/tail?query=${QUERY}`,
        { headers },
      );
      everything.push(stopClient(client));
      return refusal(client);
    };
    expect(
      await tail('team-b', { Authorization: auth.user(USERS.alice) }),
    ).toBe(403);
    expect(
      await tail('team-a', {
        Cookie: auth.cookie(USERS.alice),
        Origin: 'https://evil.example.com',
      }),
    ).toBe(403);
    expect(await tail('team-a', {})).toBe(401);
    expect(loki.seen).toEqual([]);
  });
});

describe('logs tail with the user cookie', () => {
  const tailUrl = (port: number, tenant: string) =>
    `ws://127.0.0.1:${port}/api/monitoring-stack/tenants/${tenant}/logs/loki/api/v1/tail?query=${QUERY}`;

  it("opens the tail for the portal's own page", async () => {
    const loki = await startFakeLoki({
      onTail: ws => ws.send(tailFrame('from the card')),
    });
    const { server } = await startGatewayBackend({ loki: loki.url });
    const { port } = server.address() as AddressInfo;
    const client = new WebSocket(tailUrl(port, 'team-a'), {
      headers: { Cookie: auth.cookie(USERS.alice), Origin: PORTAL_ORIGIN },
    });
    everything.push(stopClient(client));
    const frame = await within(
      2000,
      'a frame',
      new Promise<string>((resolve, reject) => {
        client.once('message', data => resolve(data.toString()));
        client.once('error', reject);
      }),
    );
    expect(JSON.parse(frame).streams[0].values[0][1]).toBe('from the card');
    expect(loki.seen.map(s => s.orgId)).toEqual(['team-a']);
  });

  it.each([
    ['another site', { Origin: 'https://evil.example.com' }],
    ['no page at all', {}],
  ])(
    'refuses a cookie tail opened by %s before Loki is asked',
    async (_, origin) => {
      const loki = await startFakeLoki();
      const { server } = await startGatewayBackend({ loki: loki.url });
      const { port } = server.address() as AddressInfo;
      const client = new WebSocket(tailUrl(port, 'team-a'), {
        headers: { Cookie: auth.cookie(USERS.alice), ...origin },
      });
      everything.push(stopClient(client));
      expect(await refusal(client)).toBe(403);
      expect(loki.seen).toEqual([]);
    },
  );

  it("refuses another tenant's tail with the cookie too", async () => {
    const loki = await startFakeLoki();
    const { server } = await startGatewayBackend({ loki: loki.url });
    const { port } = server.address() as AddressInfo;
    const client = new WebSocket(tailUrl(port, 'team-b'), {
      headers: { Cookie: auth.cookie(USERS.alice), Origin: PORTAL_ORIGIN },
    });
    everything.push(stopClient(client));
    expect(await refusal(client)).toBe(403);
    expect(loki.seen).toEqual([]);
  });

  it('takes the cookie on the tail only: other log routes still need a token', async () => {
    const loki = await startFakeLoki();
    const { server } = await startGatewayBackend({ loki: loki.url });
    const { port } = server.address() as AddressInfo;
    const res = await fetch(
      `http://127.0.0.1:${port}/api/monitoring-stack/tenants/team-a/logs/loki/api/v1/query_range?query=${QUERY}`,
      { headers: { Cookie: auth.cookie(USERS.alice), Origin: PORTAL_ORIGIN } },
    );
    // Backstage refuses limited-access credentials on routes without the cookie policy.
    expect(res.status).toBe(403);
    expect(loki.seen).toEqual([]);
  });
});

describe('handleLogsTail', () => {
  it('relays the frames Loki sends with its handshake, in order, and closes Loki when the client closes', async () => {
    const lokiClosed: Promise<{ code: number }>[] = [];
    const loki = await startFakeLoki({
      onTail: ws => {
        lokiClosed.push(closeEvent(ws));
        for (let i = 0; i < 3; i++) ws.send(tailFrame(`line ${i}`));
      },
    });
    const gateway = await startGateway(loki);
    const client = connect(gateway);
    const lines: string[] = [];
    await within(
      2000,
      'three frames',
      new Promise<void>(resolve =>
        client.on('message', data => {
          lines.push(JSON.parse(data.toString()).streams[0].values[0][1]);
          if (lines.length === 3) resolve();
        }),
      ),
    );
    expect(lines).toEqual(['line 0', 'line 1', 'line 2']);
    client.close(1000);
    await within(2000, 'Loki to see the tail close', lokiClosed[0]);
    await expectAllClosed(loki.tracked, 'Loki');
    await expectAllClosed(gateway.tracked, 'the gateway');
  });

  it('refuses a handshake ws would refuse without contacting Loki', async () => {
    const loki = await startFakeLoki();
    const gateway = await startGateway(loki);
    expect(
      await rawHandshake(gateway, { 'Sec-WebSocket-Key': 'not-a-key' }),
    ).toBe(400);
    expect(await rawHandshake(gateway, { 'Sec-WebSocket-Version': '12' })).toBe(
      400,
    );
    expect(loki.seen).toEqual([]);
    await expectAllClosed(loki.tracked, 'Loki');
    await expectAllClosed(gateway.tracked, 'the gateway');
  });

  it('closes Loki when the client upgrade is refused after Loki accepted', async () => {
    // Loki pushes all the while: nothing may pile up for a client that never comes.
    const loki = await startFakeLoki({
      onTail: ws => {
        const push = () => {
          if (ws.readyState === WebSocket.OPEN) {
            ws.send(tailFrame('x'), () => setImmediate(push));
          }
        };
        push();
      },
    });
    const gateway = await startGateway(loki);
    // ws refuses an unparsable subprotocol list only once Loki is open.
    expect(
      await rawHandshake(gateway, { 'Sec-WebSocket-Protocol': 'a b' }),
    ).toBe(400);
    expect(loki.seen).toHaveLength(1);
    await expectAllClosed(loki.tracked, 'Loki');
    await expectAllClosed(gateway.tracked, 'the gateway');
  });

  it.each([
    ['resets its connection', (socket: Socket) => socket.destroy()],
    ['half-closes its connection', (socket: Socket) => socket.end()],
  ])(
    "aborts Loki's handshake when the client %s during it",
    async (_, leave) => {
      const held: Array<() => void> = [];
      const loki = await startFakeLoki({
        onUpgrade: (_req, _socket, accept) => held.push(accept),
      });
      const gateway = await startGateway(loki, { timeoutMs: 5000 });
      const req = handshake(gateway);
      req.on('error', () => {});
      await within(
        2000,
        'Loki to get the tail',
        new Promise(r => loki.tracked.server.once('upgrade', r)),
      );
      expect(held).toHaveLength(1);
      leave(req.socket!);
      await expectAllClosed(gateway.tracked, 'the gateway');
      // Loki answering late must not leave a tail open that no client reads.
      held.forEach(accept => accept());
      await expectAllClosed(loki.tracked, 'Loki');
    },
  );

  it('answers 504 when Loki does not accept the tail in time', async () => {
    const loki = await startFakeLoki({ onUpgrade: () => {} });
    const gateway = await startGateway(loki, { timeoutMs: 100 });
    expect(await refusal(connect(gateway))).toBe(504);
    await expectAllClosed(loki.tracked, 'Loki');
    await expectAllClosed(gateway.tracked, 'the gateway');
  });

  it('answers 502 when Loki refuses the tail', async () => {
    const loki = await startFakeLoki({
      onUpgrade: (_req, socket) =>
        socket.end(
          'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
        ),
    });
    const gateway = await startGateway(loki);
    expect(await refusal(connect(gateway))).toBe(502);
    await expectAllClosed(loki.tracked, 'Loki');
    await expectAllClosed(gateway.tracked, 'the gateway');
  });

  it('names Loki, but neither its address nor the raw error, when Loki is unreachable', async () => {
    const closed = http.createServer();
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise(r => closed.close(r));
    const gateway = await startGateway({
      url: `http://127.0.0.1:${port}`,
    } as FakeLoki);
    const req = handshake(gateway);
    const res = await within(
      2000,
      'the refusal',
      new Promise<IncomingMessage>((resolve, reject) => {
        req.once('response', resolve);
        req.once('error', reject);
      }),
    );
    let body = '';
    res.setEncoding('utf8');
    for await (const chunk of res) body += chunk;
    expect(res.statusCode).toBe(502);
    expect(JSON.parse(body).error.message).toBe(
      'Loki is unreachable (ECONNREFUSED)',
    );
    await expectAllClosed(gateway.tracked, 'the gateway');
  });

  it('closes the client with 1011 when Loki breaks the protocol', async () => {
    const loki = await startFakeLoki({
      onTail: (ws, socket) => {
        ws.send(tailFrame('hello'));
        // Opcode 3 is reserved: the gateway must fail the tail.
        socket.write(Buffer.from([0x83, 0x00]));
      },
    });
    const gateway = await startGateway(loki);
    const client = connect(gateway);
    const closed = closeEvent(client);
    expect((await within(2000, 'the tail to close', closed)).code).toBe(1011);
    await expectAllClosed(loki.tracked, 'Loki');
    await expectAllClosed(gateway.tracked, 'the gateway');
  });

  it('closes the client when Loki ends the tail', async () => {
    const loki = await startFakeLoki({
      onTail: ws => {
        ws.send(tailFrame('bye'));
        ws.close(1000);
      },
    });
    const gateway = await startGateway(loki);
    const client = connect(gateway);
    const frames: string[] = [];
    client.on('message', data => frames.push(data.toString()));
    await within(2000, 'the tail to close', closeEvent(client));
    expect(frames).toEqual([tailFrame('bye')]);
    await expectAllClosed(loki.tracked, 'Loki');
    await expectAllClosed(gateway.tracked, 'the gateway');
  });

  it('closes both sides with 1009 when the client sends a large frame', async () => {
    const loki = await startFakeLoki();
    const gateway = await startGateway(loki);
    const client = connect(gateway);
    await within(2000, 'the upgrade', new Promise(r => client.once('open', r)));
    client.send(Buffer.alloc(1024 * 1024));
    expect(
      (await within(2000, 'the tail to close', closeEvent(client))).code,
    ).toBe(1009);
    await expectAllClosed(loki.tracked, 'Loki');
    await expectAllClosed(gateway.tracked, 'the gateway');
  });

  it('stops reading Loki while a slow client has a backlog, and delivers everything once it reads', async () => {
    const FRAMES = 1024;
    const line = 'x'.repeat(64 * 1024);
    const frame = (i: number) => tailFrame(`${i} ${line}`);
    let pushed = 0;
    let onPush = () => {};
    let onPushedAll = () => {};
    const loki = await startFakeLoki({
      // As fast as TCP lets it: the next frame once the last one is written
      // (after I/O, as a write that completes at once calls back in a tick).
      onTail: ws => {
        const push = () => {
          if (ws.readyState !== WebSocket.OPEN) return;
          if (pushed === FRAMES) {
            onPushedAll();
            ws.close(1000);
            return;
          }
          onPush();
          ws.send(frame(pushed++), () => setImmediate(push));
        };
        push();
      },
    });
    const gateway = await startGateway(loki, { maxBufferedBytes: 256 * 1024 });
    const client = connect(gateway);
    // A client that reads nothing: its socket is paused from the upgrade on.
    client.once('open', () => client.pause());
    const received: number[] = [];
    client.on('message', data => {
      received.push(
        Number(
          JSON.parse(data.toString()).streams[0].values[0][1].split(' ')[0],
        ),
      );
    });
    const closed = closeEvent(client);

    // Loki stalls for good once the gateway stops reading it; a stall shows
    // as pushes that stop coming, so the wait ends after a quiet spell.
    const outcome = await within(
      5000,
      'Loki to stall or push everything',
      new Promise<string>(resolve => {
        const quiet = setTimeout(() => {
          onPush = () => {};
          resolve('stalled');
        }, 300);
        onPush = () => quiet.refresh();
        onPushedAll = () => {
          clearTimeout(quiet);
          resolve(`pushed all ${FRAMES} frames to a client that read none`);
        };
      }),
    );
    expect(outcome).toBe('stalled');
    // What is in flight fits the kernel's buffers and the gateway's mark.
    expect(pushed).toBeLessThan(FRAMES / 2);

    client.resume();
    await within(5000, 'the tail to end', closed);
    expect(received).toEqual([...Array(FRAMES).keys()]);
    await expectAllClosed(loki.tracked, 'Loki');
    await expectAllClosed(gateway.tracked, 'the gateway');
  });

  it('ends a tail that carries no log frames for the idle timeout, pings notwithstanding', async () => {
    const loki = await startFakeLoki({
      onTail: ws => {
        ws.send(tailFrame('hello'));
        // Loki pings its tails; pings are no log frames.
        const ping = setInterval(() => ws.ping(), 20);
        ws.once('close', () => clearInterval(ping));
      },
    });
    const gateway = await startGateway(loki, { idleTimeoutMs: 200 });
    const client = connect(gateway);
    const closed = closeEvent(client);
    await within(2000, 'the upgrade', new Promise(r => client.once('open', r)));
    const ping = setInterval(() => client.ping(), 20);
    everything.push(() => clearInterval(ping));
    const { code, reason } = await within(2000, 'the idle tail to end', closed);
    expect({ code, reason }).toEqual({
      code: 1000,
      reason: 'The tail was idle for 200 ms',
    });
    await expectAllClosed(loki.tracked, 'Loki');
    await expectAllClosed(gateway.tracked, 'the gateway');
  });

  it('keeps a tail open while frames flow either way', async () => {
    const STEP = 50;
    let lokiPushes = 0;
    const loki = await startFakeLoki({
      onTail: ws => {
        const push = setInterval(() => {
          ws.send(tailFrame(`line ${lokiPushes}`));
          if (++lokiPushes === 4) clearInterval(push);
        }, STEP);
        ws.once('close', () => clearInterval(push));
      },
    });
    const gateway = await startGateway(loki, { idleTimeoutMs: 400 });
    const client = connect(gateway);
    const closed = closeEvent(client);
    let received = 0;
    let clientSends = 0;
    client.on('message', () => {
      if (++received < 4) return;
      // Then the client alone talks, for as long again.
      const send = setInterval(() => {
        if (client.readyState === WebSocket.OPEN) client.send('still here');
        if (++clientSends === 4) clearInterval(send);
      }, STEP);
      everything.push(() => clearInterval(send));
    });
    const { reason } = await within(3000, 'the idle tail to end', closed);
    expect({ received, clientSends, reason }).toEqual({
      received: 4,
      clientSends: 4,
      reason: 'The tail was idle for 400 ms',
    });
    await expectAllClosed(loki.tracked, 'Loki');
    await expectAllClosed(gateway.tracked, 'the gateway');
  });
});
