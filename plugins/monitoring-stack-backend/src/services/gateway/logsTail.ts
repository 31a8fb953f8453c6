import { InputError, NotFoundError } from '@backstage/errors';
import { Request, Response } from 'express';
import WebSocket, { WebSocketServer } from 'ws';
import { UpstreamError, UpstreamTimeoutError } from './errors';
import { validateLogQL } from './logqlValidator';
import { requestParams, requiredParam } from './params';
import { Upstream } from './upstream';

// One server for every upgrade: it only performs handshakes.
const handshakes = new WebSocketServer({ noServer: true });

/** An open upstream socket and the frames it pushed before anyone listened. */
type OpenTail = {
  socket: WebSocket;
  early: Array<[WebSocket.RawData, boolean]>;
};

function connectUpstream(
  upstream: Upstream,
  path: string,
  params: URLSearchParams,
  orgId: string,
) {
  const url = new URL(upstream.url.replace(/\/+$/, '') + path);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  params.forEach((v, k) => url.searchParams.append(k, v));
  return new Promise<OpenTail>((resolve, reject) => {
    const socket = new WebSocket(url, {
      headers: { 'X-Scope-OrgID': orgId },
      handshakeTimeout: upstream.timeoutMs,
    });
    // Loki may push in the same packet as its handshake, before the client
    // is upgraded: hold those frames from the very start.
    const early: OpenTail['early'] = [];
    socket.on('message', (data, isBinary) => early.push([data, isBinary]));
    socket.once('open', () => resolve({ socket, early }));
    socket.once('error', error =>
      reject(
        /timed out/i.test(error.message)
          ? new UpstreamTimeoutError(
              `${upstream.name} did not accept the tail within ${upstream.timeoutMs} ms`,
            )
          : new UpstreamError(`${upstream.name} refused the tail`, error),
      ),
    );
  });
}

/**
 * Live tailing (`/loki/api/v1/tail`): checks the caller and the LogQL, opens
 * the tail on Loki with the tenant's `X-Scope-OrgID`, and only then upgrades
 * the client, so a refused tail is a plain HTTP error. Frames flow from Loki
 * to the client; either side closing closes the other.
 */
export async function handleLogsTail(
  req: Request,
  _res: Response,
  options: { upstream?: Upstream; orgId: string },
): Promise<void> {
  if (!options.upstream) {
    throw new NotFoundError(
      'No Loki upstream is configured (monitoringStack.upstreams.loki)',
    );
  }
  if (req.headers.upgrade?.toLowerCase() !== 'websocket') {
    throw new InputError(
      'tail is a WebSocket endpoint: send an Upgrade: websocket request',
    );
  }
  const params = requestParams(req);
  validateLogQL(requiredParam(params, 'query'));
  const { socket: upstream, early } = await connectUpstream(
    options.upstream,
    '/loki/api/v1/tail',
    params,
    options.orgId,
  );
  handshakes.handleUpgrade(req, req.socket, Buffer.alloc(0), client => {
    upstream.removeAllListeners('message');
    for (const [data, isBinary] of early)
      client.send(data, { binary: isBinary });
    upstream.on('message', (data, isBinary) =>
      client.send(data, { binary: isBinary }),
    );
    upstream.on('close', () => client.close());
    upstream.on('error', () => client.close(1011));
    client.on('close', () => upstream.close());
    client.on('error', () => upstream.terminate());
  });
}
