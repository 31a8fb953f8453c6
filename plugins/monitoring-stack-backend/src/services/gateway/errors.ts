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
