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

/** A request body over the configured limit: 413. */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  statusCode = 413;
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
