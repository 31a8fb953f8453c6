import { CustomErrorBase } from '@backstage/errors';
import express, { RequestHandler } from 'express';

/** A request body over the configured limit: 413. */
class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  statusCode = 413;
}

/**
 * Body parsers for the gateway: form bodies as raw text (so `match[]` keeps
 * its name) and JSON, both refused over `limit` bytes with a clear 413.
 * @public
 */
export function gatewayBodyParsers(limit: number): RequestHandler[] {
  const tooLarge: RequestHandler = (req, _res, next) => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > limit) {
      next(
        new PayloadTooLargeError(
          `request body of ${length} bytes is over the gateway's limit of ${limit} bytes`,
        ),
      );
      return;
    }
    next();
  };
  return [
    tooLarge,
    express.text({ type: 'application/x-www-form-urlencoded', limit }),
    express.json({ limit }),
  ];
}
