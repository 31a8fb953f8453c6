import {
  deliveryCounts,
  deliveryMetricQueries,
  metricPeriodSeconds,
} from './deliveryMetrics';

describe('metricPeriodSeconds', () => {
  it.each([
    [24, 3600],
    [1, 180],
    [6, 900],
    [168, 25200],
    [5, 780],
  ])('%p hours → %p s', (hours, period) => {
    expect(metricPeriodSeconds(hours)).toBe(period);
    expect(period % 60).toBe(0);
  });
});

describe('deliveryMetricQueries', () => {
  it('sums the four SNS delivery metrics of the topic', () => {
    const queries = deliveryMetricQueries('team-a-alerts', 3600);
    expect(queries.map(q => [q.Id, q.MetricStat?.Metric?.MetricName])).toEqual([
      ['published', 'NumberOfMessagesPublished'],
      ['delivered', 'NumberOfNotificationsDelivered'],
      ['failed', 'NumberOfNotificationsFailed'],
      ['filteredOut', 'NumberOfNotificationsFilteredOut'],
    ]);
    expect(queries[0]).toEqual({
      Id: 'published',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/SNS',
          MetricName: 'NumberOfMessagesPublished',
          Dimensions: [{ Name: 'TopicName', Value: 'team-a-alerts' }],
        },
        Period: 3600,
        Stat: 'Sum',
      },
      ReturnData: true,
    });
  });
});

describe('deliveryCounts', () => {
  const t = (h: number) => new Date(Date.UTC(2026, 10, 26, h));

  it.each([
    [
      'no data',
      [],
      { published: 0, delivered: 0, failed: 0, filteredOut: 0 },
      [],
    ],
    [
      'totals and a series aligned on the timestamps of either metric',
      [
        { Id: 'published', Timestamps: [t(1), t(2)], Values: [5, 3] },
        { Id: 'delivered', Timestamps: [t(1), t(2)], Values: [4, 3] },
        { Id: 'failed', Timestamps: [t(1), t(3)], Values: [1, 2] },
        { Id: 'filteredOut', Timestamps: [t(2)], Values: [1] },
      ],
      { published: 8, delivered: 7, failed: 3, filteredOut: 1 },
      [
        { at: '2026-11-26T01:00:00.000Z', delivered: 4, failed: 1 },
        { at: '2026-11-26T02:00:00.000Z', delivered: 3, failed: 0 },
        { at: '2026-11-26T03:00:00.000Z', delivered: 0, failed: 2 },
      ],
    ],
    [
      'one metric split over two pages, newest page first',
      [
        { Id: 'delivered', Timestamps: [t(5)], Values: [2] },
        { Id: 'delivered', Timestamps: [t(4)], Values: [1] },
      ],
      { published: 0, delivered: 3, failed: 0, filteredOut: 0 },
      [
        { at: '2026-11-26T04:00:00.000Z', delivered: 1, failed: 0 },
        { at: '2026-11-26T05:00:00.000Z', delivered: 2, failed: 0 },
      ],
    ],
  ])('%s', (_name, results, counts, series) => {
    expect(deliveryCounts(results)).toEqual({ counts, series });
  });
});
