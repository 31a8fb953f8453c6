import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Response as ExpressResponse } from 'express';
import { UpstreamError, UpstreamTimeoutError } from './errors';

/** One upstream service of the gateway. */
export type Upstream = { name: string; url: string; timeoutMs: number };

export type UpstreamRequest = {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  params?: URLSearchParams;
  headers?: Record<string, string>;
  /** A JSON body; params then go in the URL. */
  json?: unknown;
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
): Promise<Response> {
  const url = new URL(upstream.url.replace(/\/+$/, '') + request.path);
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
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), upstream.timeoutMs);
  try {
    return await fetch(url, {
      method: request.method,
      headers,
      body,
      signal: controller.signal,
      redirect: 'manual',
    });
  } catch (error) {
    if (controller.signal.aborted) {
      throw new UpstreamTimeoutError(
        `${upstream.name} did not answer ${request.path} within ${upstream.timeoutMs} ms`,
      );
    }
    throw new UpstreamError(
      `${upstream.name} is not reachable at ${upstream.url}`,
      error,
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Streams an upstream answer to the client, status and content type included. */
export async function pipeUpstream(response: Response, res: ExpressResponse) {
  res.status(response.status);
  const type = response.headers.get('content-type');
  if (type) res.type(type);
  if (!response.body) {
    res.end();
    return;
  }
  await pipeline(
    Readable.fromWeb(response.body as unknown as WebReadableStream),
    res,
  );
}

/** Reads an upstream's JSON answer; anything else is the upstream's fault. */
export async function readUpstreamJson<T>(
  upstream: Upstream,
  response: Response,
): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new UpstreamError(
      `${upstream.name} answered with something that is not JSON (HTTP ${
        response.status
      }): ${text.slice(0, 100)}`,
    );
  }
}
