import { NotAllowedError } from '@backstage/errors';
import {
  UpstreamSettings,
  withoutTrailingSlash,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/** Where a client sends its requests: an upstream of the shared settings. @public */
export type UpstreamTarget = Pick<UpstreamSettings, 'name' | 'url'> &
  Partial<Pick<UpstreamSettings, 'timeoutMs'>>;

/** The status and the text of an upstream's answer. @public */
export type UpstreamAnswer = { status: number; ok: boolean; text: string };

/**
 * Sends one request to an upstream, within its timeout. A request that gets
 * no answer fails naming the upstream, the request and the system's error
 * code, never a header or the upstream's address.
 * @public
 */
export async function callUpstream(
  upstream: UpstreamTarget,
  method: string,
  path: string,
  init: { headers: Record<string, string>; body?: string },
): Promise<UpstreamAnswer> {
  const baseUrl = withoutTrailingSlash(upstream.url);
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: init.headers,
      body: init.body,
      signal:
        upstream.timeoutMs === undefined
          ? undefined
          : AbortSignal.timeout(upstream.timeoutMs),
    });
  } catch (e) {
    // Named, never addressed: this message reaches browsers (the rules
    // card, the scaffolder's log), and the URL is the cluster's.
    const error = e as Error & { cause?: { code?: string } };
    const why =
      error.name === 'TimeoutError'
        ? `no answer within ${upstream.timeoutMs} ms`
        : error.cause?.code ?? 'no answer';
    throw new Error(
      `${upstream.name} is unreachable (${method} ${path}): ${why}`,
    );
  }
  return {
    status: response.status,
    ok: response.ok,
    text: await response.text(),
  };
}

/**
 * The error of an answer the caller does not handle: a NotAllowedError with
 * `accessHint` on 401 and 403, which are about our credentials, else an
 * Error. Both name the request and the status.
 * @public
 */
export function upstreamFailure(
  upstream: Pick<UpstreamSettings, 'name'>,
  request: { method: string; path: string; status: number; reason: string },
  accessHint: string,
): Error {
  const { method, path, status, reason } = request;
  if (status === 401 || status === 403) {
    return new NotAllowedError(
      `${upstream.name} refused ${method} ${path} with ${status}${reason}; ${accessHint}`,
    );
  }
  return new Error(
    `${upstream.name} answered ${method} ${path} with ${status}${reason}`,
  );
}
