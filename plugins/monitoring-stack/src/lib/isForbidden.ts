import { ResponseError } from '@backstage/errors';

/** True when the backend refused the call with 403 (not the user's tenant). */
export function isForbidden(error: unknown): boolean {
  return ResponseError.is(error) && error.statusCode === 403;
}
