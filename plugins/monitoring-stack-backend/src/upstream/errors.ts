import { CustomErrorBase } from '@backstage/errors';

// Backstage's error middleware answers with an error's `statusCode`, and
// sends the error's own fields along in the body.

/** An upstream that is down or answered something unusable: 502. */
export class UpstreamError extends CustomErrorBase {
  name = 'UpstreamError' as const;
  statusCode = 502;
  /** `unreachable` when the upstream gave no answer at all; unset when its answer was no use. */
  declare reason?: 'unreachable';
  /** The low-level cause without addresses (`connection refused`). */
  declare detail?: string;
}

/** An upstream that did not answer in time: 504. */
export class UpstreamTimeoutError extends CustomErrorBase {
  name = 'UpstreamTimeoutError' as const;
  statusCode = 504;
}

/** System error codes of a call that got no answer, as a person reads them. */
const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate is for another host',
};

type SystemError = Error & {
  code?: string;
  address?: string;
  hostname?: string;
  port?: number;
};

/**
 * `text` as callers may read it: the address, host and port `error` names
 * left out (a Node system error's `connect ECONNREFUSED 10.0.0.7:9093`
 * becomes `connect ECONNREFUSED`), and any other URL (with the credentials
 * it may carry), IP address or auth header value masked as `***`.
 */
export function withoutAddresses(text: string, error?: unknown): string {
  const e = (error ?? {}) as Partial<SystemError>;
  let out = text;
  const exact = [
    e.address && e.port !== undefined ? `${e.address}:${e.port}` : undefined,
    e.address,
    e.hostname,
  ];
  for (const value of exact) {
    if (value) out = out.split(value).join('');
  }
  return out
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, '***')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '***')
    .replace(/\b(Bearer|Basic)\s+\S+/gi, '$1 ***')
    .replace(/\s+([,;:)])/g, '$1')
    .replace(/\(\s*\)/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/**
 * The low-level cause of a call that got no answer, without addresses: the
 * meaning of the system's error code, else the error's text stripped of
 * addresses.
 */
export function unreachableCause(error: unknown): string | undefined {
  const code = (error as SystemError | undefined)?.code;
  if (code && CAUSES[code]) return CAUSES[code];
  const text =
    error instanceof Error ? withoutAddresses(error.message, error) : '';
  return text || code || undefined;
}

/**
 * An upstream that could not be reached, as callers may learn of it: its
 * name and the system's error code, never its internal address or the raw
 * error text; the cause in words is its `detail`.
 */
export function unreachableError(name: string, error: unknown): UpstreamError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const unreachable = new UpstreamError(
    `${name} is unreachable${code ? ` (${code})` : ''}`,
  );
  unreachable.reason = 'unreachable';
  const detail = unreachableCause(error);
  if (detail) unreachable.detail = detail;
  return unreachable;
}

/** A failure as a status report shows it: why, one line, and the cause. */
export type ReportedFailure = {
  /** `unreachable` when no answer came (refused, unknown host, timeout). */
  reason: 'unreachable' | 'failed';
  /** One line naming what failed, never an internal address. */
  message: string;
  /** The low-level cause, without addresses, when there is one to tell. */
  detail?: string;
};

/**
 * A failure as a status report shows it. Upstream errors name their
 * upstream and say whether it answered; any other error is `failed`, its
 * text stripped of addresses, with `name` (the upstream's) in front when
 * given.
 */
export function reportedFailure(
  error: unknown,
  name?: string,
): ReportedFailure {
  if (error instanceof UpstreamTimeoutError) {
    return { reason: 'unreachable', message: error.message };
  }
  if (error instanceof UpstreamError) {
    return {
      reason: error.reason === 'unreachable' ? 'unreachable' : 'failed',
      message: error.message,
      ...(error.detail && { detail: error.detail }),
    };
  }
  const text =
    withoutAddresses(
      error instanceof Error ? error.message : String(error),
      error,
    ) || 'failed';
  return { reason: 'failed', message: name ? `${name}: ${text}` : text };
}

/**
 * An error of a call to an upstream as a line for a status report: upstream
 * errors name the upstream already; others (a tenant without namespaces) get
 * its name in front. Never an internal address.
 */
export function describeUpstreamFailure(
  upstreamName: string,
  error: unknown,
): string {
  return reportedFailure(error, upstreamName).message;
}
