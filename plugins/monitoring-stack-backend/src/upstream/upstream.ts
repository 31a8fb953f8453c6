import http, { IncomingMessage } from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { text as readText } from 'node:stream/consumers';
import { Response as ExpressResponse } from 'express';
import { withoutTrailingSlash } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { sanitisedErrorAnswer } from './errorAnswers';
import {
  unreachableError,
  UpstreamError,
  UpstreamTimeoutError,
} from './errors';

/**
 * One upstream service: its name in messages, base URL and timeout. A
 * configured upstream (`UpstreamSettings` of the shared settings) is one.
 * @public
 */
export type Upstream = {
  name: string;
  url: string;
  timeoutMs: number;
  /** Which upstream of the shared settings it is (`alertmanager`, ...). */
  key?: string;
};

/**
 * An upstream, or how to get it when a request needs it: a function throws
 * (`requireUpstream`'s 503) when the upstream is not configured.
 * @public
 */
export type UpstreamRef = Upstream | (() => Upstream);

/** The upstream of `ref`, throwing when it is not configured. */
export function resolveUpstream(ref: UpstreamRef): Upstream {
  return typeof ref === 'function' ? ref() : ref;
}

export type UpstreamRequest = {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  params?: URLSearchParams;
  headers?: Record<string, string>;
  /** A JSON body; params then go in the URL. */
  json?: unknown;
};

/**
 * An upstream's answer, its body still unread. Every caller reads, pipes or
 * `body.resume()`s it, or the kept-alive connection stays busy (until the
 * timeout ends it).
 */
export type UpstreamResponse = {
  status: number;
  ok: boolean;
  contentType?: string;
  body: Readable;
  /** Reads the whole body as text. */
  text(): Promise<string>;
  /** The upstream's name and the path asked, for messages. */
  upstream: string;
  path: string;
  /**
   * Lets the rest of a long answer take longer than the timeout as long as
   * it keeps coming: the deadline becomes an idle timeout of the same length.
   */
  streaming(): void;
};

/**
 * Answers up to this size are read whole before the gateway answers, so
 * that an upstream that breaks off, stalls or garbles its answer gets the
 * caller a 502 or 504 instead of a 200 with half a body. Bigger answers
 * (a federate of everything) are streamed on; a failure after that can
 * only cut the caller's connection.
 */
export const BUFFERED_ANSWER_BYTES = 8 * 1024 * 1024;

// Connections to the few upstreams are reused: a new TCP (and TLS)
// handshake per proxied query would cost more than the query. Idle ones
// are closed after a minute, so a quiet gateway holds none.
const IDLE_SOCKET_MS = 60_000;
const MAX_SOCKETS = 256;
// Alertmanager answers 503 to more concurrent GETs than its
// --web.get-concurrency (default GOMAXPROCS, at least 8); requests beyond
// that wait in the agent's queue instead, within their timeout.
const MAX_SOCKETS_OF: Record<string, number> = { alertmanager: 8 };
const agents = new Map<string, http.Agent>();

function agentFor(upstream: Upstream, protocol: string): http.Agent {
  const maxSockets = MAX_SOCKETS_OF[upstream.key ?? ''] ?? MAX_SOCKETS;
  const id = `${protocol}${maxSockets}`;
  let agent = agents.get(id);
  if (!agent) {
    const options = { keepAlive: true, maxSockets, timeout: IDLE_SOCKET_MS };
    agent =
      protocol === 'https:'
        ? new https.Agent(options)
        : new http.Agent(options);
    agents.set(id, agent);
  }
  return agent;
}

/**
 * Calls an upstream with only the headers the gateway chose: nothing of the
 * client's request (its `X-Scope-OrgID`, `THANOS-TENANT`, cookies) is copied.
 * GET and DELETE carry params in the URL, POST as a form body unless a JSON
 * body is given. The timeout covers the whole exchange, the body included,
 * until a reader calls `streaming()`; a body cut off by it fails its reader
 * with an UpstreamTimeoutError (504).
 */
export async function callUpstream(
  upstream: Upstream,
  request: UpstreamRequest,
): Promise<UpstreamResponse> {
  const url = new URL(withoutTrailingSlash(upstream.url) + request.path);
  // Uncompressed: the gateway decodes or re-streams every answer anyway, so
  // gzip on this in-cluster hop only costs CPU at both ends.
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Encoding': 'identity',
    ...request.headers,
  };
  let body: string | undefined;
  if (request.json !== undefined) {
    body = JSON.stringify(request.json);
    headers['Content-Type'] = 'application/json';
    request.params?.forEach((v, k) => url.searchParams.append(k, v));
  } else if (request.method === 'POST') {
    body = request.params?.toString() ?? '';
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else {
    request.params?.forEach((v, k) => url.searchParams.append(k, v));
  }
  if (body !== undefined) {
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  const transport = url.protocol === 'https:' ? https : http;
  const agent = agentFor(upstream, url.protocol);
  const { name, timeoutMs } = upstream;
  const { path } = request;
  return new Promise<UpstreamResponse>((resolve, reject) => {
    const req = transport.request(url, {
      method: request.method,
      headers,
      agent,
    });
    let response: IncomingMessage | undefined;
    const timer = setTimeout(() => {
      if (response) {
        // The reader of the body sees this error; the socket is destroyed.
        response.destroy(
          new UpstreamTimeoutError(
            `${name} did not finish its answer to ${path} within ${timeoutMs} ms`,
          ),
        );
        return;
      }
      req.destroy();
      reject(
        new UpstreamTimeoutError(
          `${name} did not answer ${path} within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    req.once('response', res => {
      response = res;
      // Its readers get its errors; this keeps one nobody reads from
      // taking the process down.
      res.on('error', () => undefined);
      const finished = () => clearTimeout(timer);
      res.once('end', finished);
      res.once('close', finished);
      const status = res.statusCode ?? 502;
      const decoded = decode(res);
      resolve({
        status,
        ok: status >= 200 && status < 300,
        contentType: res.headers['content-type'],
        body: decoded,
        text: () => readText(decoded),
        upstream: name,
        path,
        streaming: () => {
          clearTimeout(timer);
          idleTimeout(res, timeoutMs, () => {
            res.destroy(
              new UpstreamTimeoutError(
                `${name} sent nothing of its answer to ${path} for ${timeoutMs} ms`,
              ),
            );
          });
        },
      });
    });
    req.once('error', error => {
      if (response) return; // the body's readers see it
      clearTimeout(timer);
      reject(unreachableError(name, error));
    });
    req.end(body);
  });
}

/**
 * Calls `onIdle` when the answer's socket brings nothing for `ms` while the
 * answer is being read; a reader that holds it back (a slow client) does
 * not count as idle.
 */
function idleTimeout(res: IncomingMessage, ms: number, onIdle: () => void) {
  const socket = res.socket;
  const timer = setTimeout(() => {
    if (res.readableFlowing === false) timer.refresh();
    else onIdle();
  }, ms);
  const seen = () => timer.refresh();
  socket?.on('data', seen);
  const stop = () => {
    clearTimeout(timer);
    socket?.off('data', seen);
  };
  res.once('end', stop);
  res.once('close', stop);
}

const DECODERS: Record<
  string,
  () => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress
> = {
  gzip: zlib.createGunzip,
  'x-gzip': zlib.createGunzip,
  deflate: zlib.createInflate,
  br: zlib.createBrotliDecompress,
};

/**
 * The body without its content encoding: an upstream may compress although
 * the gateway asked for identity, and every reader wants plain bytes.
 */
function decode(res: IncomingMessage): Readable {
  const decoder =
    DECODERS[res.headers['content-encoding']?.toLowerCase() ?? '']?.();
  if (!decoder) return res;
  // Errors of either stream reach the reader of the decoded one; a body
  // that does not decode is not read on, its connection not reused.
  res.on('error', error => decoder.destroy(error));
  decoder.on('error', () => res.destroy());
  return res.pipe(decoder);
}

const isHtml = (contentType?: string) =>
  /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(contentType ?? '');

/** The body's error as the caller may learn of it: a timeout stays a 504. */
function bodyError(response: UpstreamResponse, error: unknown): Error {
  if (error instanceof UpstreamTimeoutError) return error;
  return new UpstreamError(
    `${response.upstream} broke off its answer to ${response.path}`,
    error,
  );
}

/**
 * The first `limit` bytes of the body, or all of it when it ends before;
 * fails with the body's error. Stops reading when the client goes away.
 */
function readAhead(
  body: Readable,
  client: ExpressResponse,
  limit: number,
): Promise<{ chunks: Buffer[]; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    function cleanup() {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
      client.off('close', onClientGone);
    }
    function onData(chunk: Buffer) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) {
        body.pause();
        cleanup();
        resolve({ chunks, ended: false });
      }
    }
    function onEnd() {
      cleanup();
      resolve({ chunks, ended: true });
    }
    function onError(error: Error) {
      cleanup();
      reject(error);
    }
    function onClose() {
      cleanup();
      reject(new Error('the answer ended before it was complete'));
    }
    function onClientGone() {
      cleanup();
      body.destroy();
      reject(new Error('the client went away'));
    }
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', onError);
    body.once('close', onClose);
    client.once('close', onClientGone);
  });
}

/**
 * Sends an upstream answer to the client, status and content type
 * included. Answers up to BUFFERED_ANSWER_BYTES are read whole first, so a
 * broken, stalled or undecodable one fails as 502/504; a successful HTML
 * page (a login form, a proxy's page) is never passed on as the API's
 * answer, and an error answer only as its status and a sanitised message.
 */
export async function pipeUpstream(
  response: UpstreamResponse,
  res: ExpressResponse,
) {
  if (!response.ok) {
    await sendErrorAnswer(response, res);
    return;
  }
  // A 2xx HTML page is a login form or a proxy's page posing as the
  // answer.
  if (isHtml(response.contentType)) {
    response.body.destroy();
    throw new UpstreamError(
      `${response.upstream} answered ${response.path} with an HTML page (HTTP ${response.status}), not its API`,
    );
  }
  let head: { chunks: Buffer[]; ended: boolean };
  try {
    head = await readAhead(response.body, res, BUFFERED_ANSWER_BYTES);
  } catch (error) {
    throw bodyError(response, error);
  }
  res.status(response.status);
  if (response.contentType) res.type(response.contentType);
  const start = Buffer.concat(head.chunks);
  if (head.ended) {
    res.setHeader('Content-Length', start.length);
    res.end(start);
    return;
  }
  response.streaming();
  res.write(start);
  try {
    await pipeline(response.body, res);
  } catch (error) {
    // The status is out: only a cut connection tells the client.
    res.destroy();
    throw bodyError(response, error);
  }
}

/** Error answers are short; more than this is not read. */
const ERROR_ANSWER_BYTES = 64 * 1024;

/**
 * Sends an upstream's error answer on with its status and only a sanitised
 * message (sanitisedErrorAnswer): error texts name store addresses and
 * series of other tenants.
 */
async function sendErrorAnswer(
  response: UpstreamResponse,
  res: ExpressResponse,
) {
  let head: { chunks: Buffer[]; ended: boolean };
  try {
    head = await readAhead(response.body, res, ERROR_ANSWER_BYTES);
  } catch (error) {
    throw bodyError(response, error);
  }
  if (!head.ended) response.body.destroy();
  const { contentType, body } = sanitisedErrorAnswer(
    Buffer.concat(head.chunks).toString('utf8'),
  );
  res.status(response.status).type(contentType).send(body);
}

/** Reads an upstream's JSON answer; anything else is the upstream's fault. */
export async function readUpstreamJson<T>(
  upstream: Upstream,
  response: UpstreamResponse,
): Promise<T> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (error instanceof UpstreamTimeoutError) throw error;
    throw new UpstreamError(`${upstream.name} broke off its answer`, error);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    // Not quoted: the gateway reads answers to filter them, so the text may
    // hold other tenants' data.
    throw new UpstreamError(
      `${upstream.name} answered with something that is not JSON (HTTP ${response.status})`,
    );
  }
}

/**
 * GETs an upstream's JSON answer; any status but 200 is the upstream's
 * fault, named by the path and status, never by the answer's text.
 */
export async function getUpstreamJson<T>(
  upstream: Upstream,
  path: string,
  params?: URLSearchParams,
  headers?: Record<string, string>,
): Promise<T> {
  const response = await callUpstream(upstream, {
    method: 'GET',
    path,
    params,
    headers,
  });
  if (response.status !== 200) {
    response.body.resume();
    throw new UpstreamError(
      `${upstream.name} answered ${path} with HTTP ${response.status}`,
    );
  }
  return readUpstreamJson<T>(upstream, response);
}
