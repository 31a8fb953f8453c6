import { MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import {
  SnsDeliveryCounts,
  SnsDeliveryPoint,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

const METRICS = {
  published: 'NumberOfMessagesPublished',
  delivered: 'NumberOfNotificationsDelivered',
  failed: 'NumberOfNotificationsFailed',
  filteredOut: 'NumberOfNotificationsFilteredOut',
} as const;

type MetricId = keyof typeof METRICS;

/**
 * The period that splits the window into about 24 points, rounded up to the
 * whole minute CloudWatch asks for.
 */
export function metricPeriodSeconds(windowHours: number): number {
  return Math.ceil((windowHours * 3600) / 24 / 60) * 60;
}

/** The GetMetricData queries of a topic: the sum of each delivery metric per period. */
export function deliveryMetricQueries(
  topicName: string,
  periodSeconds: number,
): MetricDataQuery[] {
  return (Object.keys(METRICS) as MetricId[]).map(id => ({
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/SNS',
        MetricName: METRICS[id],
        Dimensions: [{ Name: 'TopicName', Value: topicName }],
      },
      Period: periodSeconds,
      Stat: 'Sum',
    },
    ReturnData: true,
  }));
}

/**
 * Totals over the window and the delivered/failed series, oldest point first,
 * from GetMetricData results (possibly split over pages). A metric without
 * data counts zero: SNS publishes none while nothing happens.
 */
export function deliveryCounts(results: MetricDataResult[]): {
  counts: SnsDeliveryCounts;
  series: SnsDeliveryPoint[];
} {
  const counts: SnsDeliveryCounts = {
    published: 0,
    delivered: 0,
    failed: 0,
    filteredOut: 0,
  };
  const points = new Map<number, SnsDeliveryPoint>();
  for (const result of results) {
    const id = result.Id as MetricId;
    if (!(id in METRICS)) continue;
    const values = result.Values ?? [];
    const timestamps = result.Timestamps ?? [];
    values.forEach((value, i) => {
      counts[id] += value;
      if ((id === 'delivered' || id === 'failed') && timestamps[i]) {
        const at = new Date(timestamps[i]).getTime();
        const point = points.get(at) ?? {
          at: new Date(at).toISOString(),
          delivered: 0,
          failed: 0,
        };
        point[id] += value;
        points.set(at, point);
      }
    });
  }
  const series = [...points.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, point]) => point);
  return { counts, series };
}
