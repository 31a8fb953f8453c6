import { InputError } from '@backstage/errors';
import { Request } from 'express';

/** Parameters that may legitimately repeat (Prometheus and Loki selectors, filters). */
const MULTI_VALUED = new Set([
  'match[]',
  'filter',
  'rule_name[]',
  'rule_group[]',
  'file[]',
]);

/**
 * The request's parameters from the URL and a form body together, read from
 * the raw query string and body (not Express' `qs` parsing, which would turn
 * `match[]` into nested objects). A single-valued parameter given twice (in
 * the URL twice, or in the URL and the body) is refused: Prometheus and the
 * gateway could otherwise read different values, which is how enforcement
 * gets bypassed.
 */
export function requestParams(req: Request): URLSearchParams {
  const params = new URLSearchParams();
  const add = (source: URLSearchParams) => {
    source.forEach((value, key) => {
      if (!MULTI_VALUED.has(key) && params.has(key)) {
        throw new InputError(`parameter ${key} is given more than once`);
      }
      params.append(key, value);
    });
  };
  add(new URL(req.originalUrl, 'http://gateway').searchParams);
  if (
    typeof req.body === 'string' &&
    req.is('application/x-www-form-urlencoded')
  ) {
    add(new URLSearchParams(req.body));
  }
  return params;
}

/** A single-valued parameter that must be there. */
export function requiredParam(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null) {
    throw new InputError(`parameter ${name} is required`);
  }
  return value;
}
