import { UpstreamError, UpstreamTimeoutError } from '../upstream/errors';

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

// SNS names its certificates by 32 hex digits; up to 64 leaves room for a
// longer digest without admitting any other file of SNS's host.
const SIGNING_CERT_PATH =
  /^\/SimpleNotificationService-[0-9a-fA-F]{1,64}\.pem$/;

/**
 * Why `raw` is not an SNS signing certificate URL
 * (`https://sns.<region>.amazonaws.com[.cn]/SimpleNotificationService-<hex>.pem`),
 * or undefined when it is.
 */
export function signingCertUrlProblem(raw: string): string | undefined {
  const problem = snsUrlProblem(raw);
  if (problem) return problem;
  const url = new URL(raw);
  // Checked on `raw`: the parser drops an empty `?` or `#`.
  if (raw.includes('#')) return 'must not carry a fragment';
  if (raw.includes('?')) return 'must not carry a query';
  if (!SIGNING_CERT_PATH.test(url.pathname))
    return 'path must be /SimpleNotificationService-<hex>.pem';
  // The parser forgives (drops tabs, lowercases, resolves `..`, drops :443);
  // one spelling per certificate keeps each one a single cache entry.
  if (url.href !== raw) return 'must be written as SNS writes it';
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
