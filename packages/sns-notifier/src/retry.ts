import { HttpError } from './channels/webhook';

// Error names AWS services use for throttling (SES v2 uses TooManyRequestsException).
const AWS_THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
]);

type AwsErrorShape = {
  name?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
};

const isTransientStatus = (status: number | undefined) =>
  status !== undefined && (status === 429 || status >= 500);

/** True for errors worth another attempt: HTTP 5xx and 429, and AWS throttling or server errors. */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof HttpError) {
    return isTransientStatus(error.status);
  }
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const aws = error as AwsErrorShape;
  return (
    AWS_THROTTLING_ERRORS.has(aws.name ?? '') ||
    aws.$retryable?.throttling === true ||
    isTransientStatus(aws.$metadata?.httpStatusCode)
  );
}

/** How often and how patiently to retry. */
export type RetryOptions = {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Wait before the second attempt; doubles for each further one. */
  baseDelayMs: number;
  /** Injectable so tests do not wait. */
  sleep: (ms: number) => Promise<void>;
};

/** Default retry policy: 4 attempts, waiting 0.5 s, 1 s and 2 s in between. */
export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 500,
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
};

/** Thrown by {@link withRetry} with the last error once it gives up. */
export class RetryError extends Error {
  name = 'RetryError';
  constructor(readonly attempts: number, readonly cause: unknown) {
    super(`failed after ${attempts} attempt(s)`);
  }
}

/**
 * Runs `fn` until it succeeds, retrying retryable errors with exponential
 * backoff; resolves with the number of attempts it took.
 */
export async function withRetry(
  fn: () => Promise<unknown>,
  options: RetryOptions,
): Promise<{ attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      await fn();
      return { attempts: attempt };
    } catch (error) {
      if (attempt >= options.maxAttempts || !isRetryableError(error)) {
        throw new RetryError(attempt, error);
      }
      await options.sleep(options.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}
