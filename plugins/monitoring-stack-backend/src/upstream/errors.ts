import { CustomErrorBase } from '@backstage/errors';

// Backstage's error middleware answers with an error's `statusCode`.

/** An upstream that is down or answered something unusable: 502. */
export class UpstreamError extends CustomErrorBase {
  name = 'UpstreamError' as const;
  statusCode = 502;
}

/** An upstream that did not answer in time: 504. */
export class UpstreamTimeoutError extends CustomErrorBase {
  name = 'UpstreamTimeoutError' as const;
  statusCode = 504;
}

/**
 * An upstream that could not be reached, as callers may learn of it: its
 * name and the system's error code, never its internal address or the raw
 * error text.
 */
export function unreachableError(name: string, error: unknown): UpstreamError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return new UpstreamError(`${name} is unreachable${code ? ` (${code})` : ''}`);
}

/**
 * An error of a call to an upstream as a line for a status report: upstream
 * errors name the upstream already; others (a tenant without namespaces) get
 * its name in front.
 */
export function describeUpstreamFailure(
  upstreamName: string,
  error: unknown,
): string {
  return error instanceof UpstreamError || error instanceof UpstreamTimeoutError
    ? error.message
    : `${upstreamName}: ${(error as Error).message}`;
}
