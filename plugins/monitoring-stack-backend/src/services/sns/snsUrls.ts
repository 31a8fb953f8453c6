import { UpstreamError, UpstreamTimeoutError } from '../gateway/errors';

const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/**
 * Why `raw` is not a URL of the SNS service itself
 * (`https://sns.<region>.amazonaws.com[.cn]/...`), or undefined when it is.
 * Anything looser would let a forger sign with a key of their own.
 */
export function snsUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:') return 'must use https';
  if (url.username || url.password) return 'must not carry user info';
  if (url.port) return 'must not name a port';
  if (!SNS_HOST.test(url.hostname))
    return `host ${url.hostname} is not sns.<region>.amazonaws.com`;
  return undefined;
}

/** Why `raw` is not an SNS signing certificate URL, or undefined when it is. */
export function signingCertUrlProblem(raw: string): string | undefined {
  const problem = snsUrlProblem(raw);
  if (problem) return problem;
  if (!new URL(raw).pathname.endsWith('.pem'))
    return 'must point to a .pem file';
  return undefined;
}

/**
 * GETs a URL the caller checked to be SNS's, following no redirects; an
 * unreachable or slow SNS is a 502 or 504 (so that SNS retries), named by
 * `what` and never by the URL, which may carry a token.
 */
export async function fetchFromSns(
  url: string,
  timeoutMs: number,
  what: string,
): Promise<Response> {
  try {
    return await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') {
      throw new UpstreamTimeoutError(
        `SNS did not answer for ${what} within ${timeoutMs} ms`,
      );
    }
    throw new UpstreamError(`SNS could not be reached for ${what}`, error);
  }
}
