import http, { IncomingMessage } from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { text as readText } from 'node:stream/consumers';
import { Response as ExpressResponse } from 'express';
import { withoutTrailingSlash } from '@internal/plugin-monitoring-stack-common';
import {
  unreachableError,
  UpstreamError,
  UpstreamTimeoutError,
} from './errors';

/**
 * One upstream service: its name in messages, base URL and timeout. A
 * configured upstream (`UpstreamSettings` of the shared settings) is one.
 */
export type Upstream = { name: string; url: string; timeoutMs: number };

/**
 * An upstream, or how to get it when a request needs it: a function throws
 * (`requireUpstream`'s 503) when the upstream is not configured.
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
 * `body.resume()`s it, or the kept-alive connection stays busy.
 */
export type UpstreamResponse = {
  status: number;
  ok: boolean;
  contentType?: string;
  body: Readable;
  /** Reads the whole body as text. */
  text(): Promise<string>;
};

// Connections to the few upstreams are reused: a new TCP (and TLS)
// handshake per proxied query would cost more than the query.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

/**
 * Calls an upstream with only the headers the gateway chose: nothing of the
 * client's request (its `X-Scope-OrgID`, `THANOS-TENANT`, cookies) is copied.
 * GET and DELETE carry params in the URL, POST as a form body unless a JSON
 * body is given. The timeout covers the wait for the response headers; a
 * body that then streams is not cut off.
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
  const agent = agents[url.protocol as keyof typeof agents];
  return new Promise<UpstreamResponse>((resolve, reject) => {
    const req = transport.request(url, {
      method: request.method,
      headers,
      agent,
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(
        new UpstreamTimeoutError(
          `${upstream.name} did not answer ${request.path} within ${upstream.timeoutMs} ms`,
        ),
      );
    }, upstream.timeoutMs);
    req.once('response', res => {
      clearTimeout(timer);
      const status = res.statusCode ?? 502;
      const decoded = decode(res);
      resolve({
        status,
        ok: status >= 200 && status < 300,
        contentType: res.headers['content-type'],
        body: decoded,
        text: () => readText(decoded),
      });
    });
    req.once('error', error => {
      clearTimeout(timer);
      reject(unreachableError(upstream.name, error));
    });
    req.end(body);
  });
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
  // Errors of either stream reach the reader of the decoded one.
  res.on('error', error => decoder.destroy(error));
  return res.pipe(decoder);
}

/** Streams an upstream answer to the client, status and content type included. */
export async function pipeUpstream(
  response: UpstreamResponse,
  res: ExpressResponse,
) {
  res.status(response.status);
  if (response.contentType) res.type(response.contentType);
  await pipeline(response.body, res);
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
