import { IncomingMessage, STATUS_CODES } from 'node:http';
import { Duplex } from 'node:stream';
import { InputError } from '@backstage/errors';
import { Request, Response } from 'express';
import WebSocket, { WebSocketServer } from 'ws';
import { canonicalQuery } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { ENDPOINT_PARAMS, requestParams, requiredParam } from './params';
import { withoutTrailingSlash } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  unreachableError,
  UpstreamError,
  UpstreamTimeoutError,
} from '../upstream/errors';
import { Upstream } from '../upstream/upstream';

// One server for every upgrade: it only performs handshakes. A tail's client
// has nothing to say, so a frame over 64 KiB closes it (1009).
const handshakes = new WebSocketServer({
  noServer: true,
  maxPayload: 64 * 1024,
});

// Sec-WebSocket-Key as ws checks it: 16 bytes in base64.
const WEBSOCKET_KEY = /^[+/0-9A-Za-z]{22}==$/;

export type LogsTailOptions = {
  upstream: Upstream;
  orgId: string;
  /**
   * A tail without a data frame in either direction for this long is closed
   * on both sides; 5 minutes by default.
   */
  idleTimeoutMs?: number;
  /**
   * Past this many bytes waiting for the client, Loki is not read until half
   * of them are sent; 1 MiB by default.
   */
  maxBufferedBytes?: number;
};

/**
 * An HTTP upgrade as the backend's WebSocket routes get it
 * (`httpRouter.addWebSocketHandler`): the raw request, its socket, and what
 * was read past the request head.
 */
export type LogsTailUpgrade = {
  request: IncomingMessage;
  socket: Duplex;
  head: Buffer;
};

/** Errors without a `statusCode`, by name, as Backstage's error middleware answers them. */
const STATUS_OF: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotModifiedError: 304,
  NotImplementedError: 501,
  ServiceUnavailableError: 503,
};

/**
 * Answers an upgrade that will not happen with a plain HTTP error, shaped like
 * Backstage's error responses (`{ error: { name, message }, response }`), and
 * closes the socket; the socket is no HTTP server's, so nothing else answers.
 */
export function refuseUpgrade(socket: Duplex, error: unknown) {
  if (socket.destroyed) return;
  const e = error as Partial<Error> & { statusCode?: unknown };
  const statusCode =
    typeof e.statusCode === 'number' && e.statusCode >= 400
      ? e.statusCode
      : STATUS_OF[e.name ?? ''] ?? 500;
  const body = JSON.stringify({
    error: {
      name: e.name ?? 'Error',
      message: statusCode === 500 ? 'Internal error' : String(e.message),
    },
    response: { statusCode },
  });
  socket.end(
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

/** Refuses, before Loki is asked, the handshakes ws would not upgrade. */
function checkHandshake(req: IncomingMessage) {
  if (req.headers.upgrade?.toLowerCase() !== 'websocket') {
    throw new InputError(
      'tail is a WebSocket endpoint: send an Upgrade: websocket request',
    );
  }
  const version = req.headers['sec-websocket-version'];
  if (
    !WEBSOCKET_KEY.test(req.headers['sec-websocket-key'] ?? '') ||
    (version !== '13' && version !== '8')
  ) {
    throw new InputError(
      'The WebSocket handshake needs a valid Sec-WebSocket-Key and Sec-WebSocket-Version 13',
    );
  }
}

/**
 * Opens the tail on Loki and pauses it: Loki may push in the same packet as
 * its handshake, and those bytes stay unread in the socket until the client
 * is upgraded, so nothing piles up for a client that never gets there.
 * Resolves undefined when the client left first, which aborts the handshake.
 */
function connectUpstream(
  upstream: Upstream,
  params: URLSearchParams,
  orgId: string,
  client: Duplex,
) {
  const url = new URL(`${withoutTrailingSlash(upstream.url)}/loki/api/v1/tail`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  params.forEach((v, k) => url.searchParams.append(k, v));
  return new Promise<WebSocket | undefined>((resolve, reject) => {
    if (client.destroyed) {
      resolve(undefined);
      return;
    }
    const socket = new WebSocket(url, {
      headers: { 'X-Scope-OrgID': orgId },
      handshakeTimeout: upstream.timeoutMs,
    });
    const clientLeft = () => {
      socket.terminate();
      resolve(undefined);
    };
    client.once('close', clientLeft);
    socket.once('open', () => {
      client.off('close', clientLeft);
      socket.pause();
      resolve(socket);
    });
    // Stays on after the open: an error before the relay listens is no crash.
    socket.once('error', error => {
      client.off('close', clientLeft);
      if (/timed out/i.test(error.message)) {
        reject(
          new UpstreamTimeoutError(
            `${upstream.name} did not accept the tail within ${upstream.timeoutMs} ms`,
          ),
        );
      } else if ((error as NodeJS.ErrnoException).code) {
        reject(unreachableError(upstream.name, error));
      } else {
        // Loki answered, but not with a tail; its answer stays out of the message.
        reject(new UpstreamError(`${upstream.name} refused the tail`));
      }
    });
  });
}

/**
 * Relays Loki's frames to the client until either side closes, or the tail
 * is idle. Backpressure: past `maxBufferedBytes` waiting for the client,
 * Loki is not read, so a slow client slows Loki down (which reports what it
 * then drops in `dropped_entries`) instead of growing the gateway's memory.
 */
function relay(
  client: WebSocket,
  upstream: WebSocket,
  options: { idleTimeoutMs: number; maxBufferedBytes: number },
) {
  const { idleTimeoutMs, maxBufferedBytes } = options;
  const closeUpstream = () => {
    // Paused, it would not read Loki's answer to the close.
    upstream.resume();
    upstream.close(1000);
  };
  // Idle means no data frame either way. Pings do not count: Loki pings its
  // tails and browsers answer pings by themselves, so a tail nobody reads
  // would never be idle.
  const idle = setTimeout(() => {
    client.close(1000, `The tail was idle for ${idleTimeoutMs} ms`);
    closeUpstream();
  }, idleTimeoutMs);
  const sent = () => {
    if (upstream.isPaused && client.bufferedAmount <= maxBufferedBytes / 2) {
      upstream.resume();
    }
  };
  upstream.on('message', (data, isBinary) => {
    if (client.readyState !== WebSocket.OPEN) return;
    idle.refresh();
    client.send(data, { binary: isBinary }, sent);
    if (client.bufferedAmount > maxBufferedBytes) upstream.pause();
  });
  upstream.on('close', () => {
    clearTimeout(idle);
    client.close();
  });
  upstream.on('error', () => client.close(1011));
  client.on('message', () => idle.refresh());
  client.on('close', () => {
    clearTimeout(idle);
    closeUpstream();
  });
  client.on('error', () => upstream.terminate());
  if (upstream.readyState === WebSocket.OPEN) upstream.resume();
  else client.close(1011);
}

/**
 * Live tailing (`/loki/api/v1/tail`) on an upgrade the caller already checked
 * (credentials, tenant): checks the handshake and the LogQL, opens the tail
 * on Loki with the tenant's `X-Scope-OrgID`, and only then upgrades the
 * client, so a refused tail is a plain HTTP error (thrown: the caller answers
 * it, see `refuseUpgrade`). Frames flow from Loki to the client; either side
 * closing, failing or leaving closes the other.
 */
export async function upgradeLogsTail(
  upgrade: LogsTailUpgrade,
  options: LogsTailOptions,
): Promise<void> {
  const {
    upstream: loki,
    orgId,
    idleTimeoutMs = 5 * 60 * 1000,
    maxBufferedBytes = 1024 * 1024,
  } = options;
  const { request, socket, head } = upgrade;
  checkHandshake(request);
  // Only the query string counts: an upgrade has no body.
  const url = (request as Partial<Request>).originalUrl ?? request.url ?? '/';
  const params = requestParams(
    { originalUrl: url } as Request,
    ENDPOINT_PARAMS.loki.tail,
  );
  params.set('query', canonicalQuery('LogQL', requiredParam(params, 'query')));
  const upstream = await connectUpstream(loki, params, orgId, socket);
  if (!upstream) return;
  // ws calls back only on success: a handshake it refuses, or a client that
  // is gone, ends in the socket closing instead.
  const refused = () => upstream.terminate();
  if (socket.destroyed) {
    refused();
    return;
  }
  socket.once('close', refused);
  handshakes.handleUpgrade(request, socket, head, client => {
    socket.off('close', refused);
    relay(client, upstream, { idleTimeoutMs, maxBufferedBytes });
  });
}

/**
 * The tail in an Express route: the upgrade as Node hands it to Express when
 * the server has no `upgrade` listener. Since backend-defaults 0.19 the
 * backend's server listens for upgrades itself and never passes them to
 * Express, so the gateway registers the tail as a WebSocket route
 * (`upgradeLogsTail`); in Express it only answers requests that are no
 * upgrade (400).
 */
export async function handleLogsTail(
  req: Request,
  _res: Response,
  options: LogsTailOptions,
): Promise<void> {
  await upgradeLogsTail(
    { request: req, socket: req.socket, head: Buffer.alloc(0) },
    options,
  );
}
