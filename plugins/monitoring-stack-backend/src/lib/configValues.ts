import { Config } from '@backstage/config';

/**
 * The number at `key` of the `prefix` block (`monitoringStack.sns`), or
 * `fallback`; throws at start, naming the full key, when it is not positive
 * (or, with `orEqual`, negative).
 */
function bounded(
  block: Config | undefined,
  prefix: string,
  key: string,
  fallback: number,
  orEqual: boolean,
): number {
  const value = block?.getOptionalNumber(key) ?? fallback;
  if (!(orEqual ? value >= 0 : value > 0)) {
    throw new Error(
      `${prefix}.${key}: must be ${
        orEqual ? 'zero or more' : 'a positive number'
      }`,
    );
  }
  return value;
}

/** A positive number of a config block, e.g. `monitoringStack.sns.retentionDays`. */
export function positiveNumber(
  block: Config | undefined,
  prefix: string,
  key: string,
  fallback: number,
): number {
  return bounded(block, prefix, key, fallback, false);
}

/** A number of a config block that may be zero, e.g. `monitoringStack.cloudTrail.lookbackMinutes`. */
export function nonNegativeNumber(
  block: Config | undefined,
  prefix: string,
  key: string,
  fallback: number,
): number {
  return bounded(block, prefix, key, fallback, true);
}
