import {
  filterMetricMetadata,
  isMetadataAnswer,
  metadataLimits,
  metricNamesOf,
  ownsMetricFamily,
} from './metricMetadata';

const entry = (type: string, help = '') => ({ type, help, unit: '' });

describe('ownsMetricFamily', () => {
  const names = new Set([
    'http_requests_total',
    'rpc_seconds_bucket',
    'rpc_seconds_sum',
    'rpc_seconds_count',
    'gc_seconds',
    'gc_seconds_sum',
    'build_info',
    'queue_depth',
  ]);

  it.each([
    ['a counter by its series name', 'http_requests_total', true],
    ['an OpenMetrics counter, named without _total', 'http_requests', true],
    ['a histogram, which has no series of its own name', 'rpc_seconds', true],
    ['a summary', 'gc_seconds', true],
    ['an OpenMetrics info metric', 'build', true],
    ['a gauge', 'queue_depth', true],
    ['a family the tenant has no series of', 'team_b_secret_total', false],
    ['a prefix of a name that is no family of it', 'http', false],
    ['a longer name', 'queue_depth_max', false],
  ])('%s: %s → %s', (_what, family, owned) => {
    expect(ownsMetricFamily(family, names)).toBe(owned);
  });
});

describe('filterMetricMetadata', () => {
  const body = {
    status: 'success' as const,
    data: {
      zeta_total: [entry('counter', 'z'), entry('counter', 'z2')],
      alpha_seconds: [entry('histogram', 'a')],
      team_b_secret_total: [entry('counter', 'team-b')],
    },
  };
  const names = new Set([
    'zeta_total',
    'alpha_seconds_bucket',
    'alpha_seconds_count',
  ]);

  it.each([
    [
      'no limits',
      { limit: -1, limitPerMetric: -1 },
      {
        alpha_seconds: [entry('histogram', 'a')],
        zeta_total: [entry('counter', 'z'), entry('counter', 'z2')],
      },
    ],
    [
      'limit 1, in name order',
      { limit: 1, limitPerMetric: -1 },
      { alpha_seconds: [entry('histogram', 'a')] },
    ],
    ['limit 0, as Prometheus reads it', { limit: 0, limitPerMetric: -1 }, {}],
    [
      'one entry per metric',
      { limit: -1, limitPerMetric: 1 },
      {
        alpha_seconds: [entry('histogram', 'a')],
        zeta_total: [entry('counter', 'z')],
      },
    ],
    [
      'limit_per_metric 0 is no limit',
      { limit: -1, limitPerMetric: 0 },
      {
        alpha_seconds: [entry('histogram', 'a')],
        zeta_total: [entry('counter', 'z'), entry('counter', 'z2')],
      },
    ],
  ])('keeps the tenant’s families with %s', (_what, limits, expected) => {
    expect(filterMetricMetadata(body, names, limits)).toEqual({
      status: 'success',
      data: expected,
    });
  });

  it('keeps nothing for a tenant without series', () => {
    expect(filterMetricMetadata(body, new Set()).data).toEqual({});
  });
});

describe('reading answers and parameters', () => {
  it.each([
    [{ status: 'success', data: { up: [entry('gauge')] } }, true],
    [{ status: 'success', data: {} }, true],
    [{ status: 'success', data: ['up'] }, false],
    [{ status: 'error', data: {} }, false],
    [{ status: 'success', data: { up: 'gauge' } }, false],
    [0, false],
  ])('%j is a metadata answer: %s', (answer, expected) => {
    expect(isMetadataAnswer(answer)).toBe(expected);
  });

  it.each([
    [{ status: 'success', data: ['up', 'x_total'] }, ['up', 'x_total']],
    [{ status: 'success', data: [1] }, undefined],
    [{ data: ['up'] }, undefined],
  ])('metric names of %j: %j', (answer, expected) => {
    expect(metricNamesOf(answer)).toEqual(expected);
  });

  it.each([
    ['', { limit: -1, limitPerMetric: -1 }],
    ['limit=10&limit_per_metric=2', { limit: 10, limitPerMetric: 2 }],
    ['limit=-1', { limit: -1, limitPerMetric: -1 }],
    ['limit=', { limit: -1, limitPerMetric: -1 }],
  ])('reads the limits of %p', (search, expected) => {
    expect(metadataLimits(new URLSearchParams(search))).toEqual(expected);
  });

  it.each(['limit=ten', 'limit=1.5', 'limit_per_metric=x'])(
    'refuses %p',
    search => {
      expect(() => metadataLimits(new URLSearchParams(search))).toThrow(
        /must be a number/,
      );
    },
  );
});
