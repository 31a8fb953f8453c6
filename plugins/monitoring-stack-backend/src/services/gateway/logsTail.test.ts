import { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import {
  auth,
  startGatewayBackend,
  USERS,
} from '../../__testUtils__/gatewayBackend';

/** A Loki stand-in that speaks the tail protocol: one JSON frame per push. */
async function startFakeLokiTail() {
  const seen: { url: string; orgId?: string }[] = [];
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (socket, req) => {
    seen.push({
      url: req.url!,
      orgId: req.headers['x-scope-orgid'] as string | undefined,
    });
    socket.send(
      JSON.stringify({
        streams: [
          {
            stream: { namespace: 'team-a' },
            values: [['1700000000000000000', 'hello']],
          },
        ],
      }),
    );
  });
  await new Promise(r => wss.once('listening', r));
  const { port } = wss.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise(r => wss.close(r)),
  };
}

describe('logs tail', () => {
  it("opens the tail on Loki with the tenant's org id and relays frames", async () => {
    const loki = await startFakeLokiTail();
    const { server } = await startGatewayBackend({ loki: loki.url });
    const { port } = server.address() as AddressInfo;
    try {
      const client = new WebSocket(
        `ws://127.0.0.1:${port}/api/monitoring-stack/tenants/team-a/logs/loki/api/v1/tail?query=${encodeURIComponent(
          '{app="web"}',
        )}`,
        {
          headers: {
            Authorization: auth.user(USERS.alice),
            'X-Scope-OrgID': 'team-b',
          },
        },
      );
      const frame = await new Promise<string>((resolve, reject) => {
        client.once('message', data => resolve(data.toString()));
        client.once('error', reject);
      });
      expect(JSON.parse(frame).streams[0].values[0][1]).toBe('hello');
      expect(loki.seen).toEqual([
        {
          url: '/loki/api/v1/tail?query=%7Bapp%3D%22web%22%7D',
          orgId: 'team-a',
        },
      ]);
      client.close();
    } finally {
      await loki.close();
    }
  });

  it("refuses another tenant's tail before upgrading", async () => {
    const loki = await startFakeLokiTail();
    const { server } = await startGatewayBackend({ loki: loki.url });
    const { port } = server.address() as AddressInfo;
    try {
      const client = new WebSocket(
        `ws://127.0.0.1:${port}/api/monitoring-stack/tenants/team-b/logs/loki/api/v1/tail?query=${encodeURIComponent(
          '{app="web"}',
        )}`,
        { headers: { Authorization: auth.user(USERS.alice) } },
      );
      const status = await new Promise<number>(resolve => {
        client.once('unexpected-response', (_req, res) =>
          resolve(res.statusCode!),
        );
      });
      expect(status).toBe(403);
      expect(loki.seen).toEqual([]);
    } finally {
      await loki.close();
    }
  });
});
