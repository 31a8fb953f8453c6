import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Series names a metric family's samples carry besides the family's own
 * name (histograms, summaries, OpenMetrics counters, info and gauge
 * histograms): Prometheus' metadata names the family, the tenant's series
 * name its samples.
 */
const SAMPLE_SUFFIXES = [
  '_bucket',
  '_count',
  '_sum',
  '_total',
  '_created',
  '_info',
  '_gcount',
  '_gsum',
];

/** A Prometheus `/api/v1/metadata` answer: metric family name to its metadata entries. */
const metadataAnswer = z
  .object({
    status: z.literal('success'),
    data: z.record(z.string(), z.array(z.object({}).passthrough())),
  })
  .passthrough();

/** A Prometheus `/api/v1/label/<name>/values` answer. */
const labelValuesAnswer = z
  .object({ status: z.literal('success'), data: z.array(z.string()) })
  .passthrough();

/** The metric names of a `label/__name__/values` answer, or undefined when it is not one. */
export function metricNamesOf(body: unknown): string[] | undefined {
  const parsed = labelValuesAnswer.safeParse(body);
  return parsed.success ? parsed.data.data : undefined;
}

/** True when an upstream 200 is a Prometheus `/api/v1/metadata` answer. */
export function isMetadataAnswer(
  body: unknown,
): body is z.infer<typeof metadataAnswer> {
  return metadataAnswer.safeParse(body).success;
}

/** True when the tenant has series of the metric family `family`. */
export function ownsMetricFamily(
  family: string,
  tenantNames: ReadonlySet<string>,
): boolean {
  return (
    tenantNames.has(family) ||
    SAMPLE_SUFFIXES.some(suffix => tenantNames.has(family + suffix))
  );
}

/** The limits of a metadata request, as Prometheus reads them (-1 and 0: none). */
export type MetadataLimits = { limit: number; limitPerMetric: number };

function integer(params: URLSearchParams, name: string): number {
  const value = params.get(name);
  if (value === null || value === '') return -1;
  if (!/^[+-]?\d+$/.test(value)) {
    throw new InputError(`parameter ${name} must be a number`);
  }
  return Number(value);
}

/** Reads `limit` and `limit_per_metric` as Prometheus does, refusing what is not a number. */
export function metadataLimits(params: URLSearchParams): MetadataLimits {
  return {
    limit: integer(params, 'limit'),
    limitPerMetric: integer(params, 'limit_per_metric'),
  };
}

/**
 * A Prometheus metadata answer with only the metric families the tenant has
 * series of (see {@link ownsMetricFamily}), then Prometheus' limits: at
 * most `limit` families when it is 0 or more, at most `limitPerMetric`
 * entries each when it is more than 0. Families are taken in name order,
 * so a limited answer is the same every time.
 */
export function filterMetricMetadata<T extends z.infer<typeof metadataAnswer>>(
  body: T,
  tenantNames: ReadonlySet<string>,
  limits: MetadataLimits = { limit: -1, limitPerMetric: -1 },
): T {
  const data: Record<string, Array<Record<string, unknown>>> = {};
  const families = Object.keys(body.data)
    .filter(family => ownsMetricFamily(family, tenantNames))
    .sort();
  for (const family of families) {
    if (limits.limit >= 0 && Object.keys(data).length >= limits.limit) break;
    const entries = body.data[family];
    data[family] =
      limits.limitPerMetric > 0
        ? entries.slice(0, limits.limitPerMetric)
        : entries;
  }
  return { ...body, data };
}
