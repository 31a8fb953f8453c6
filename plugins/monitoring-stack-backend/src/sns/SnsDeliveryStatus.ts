import {
  MetricDataResult,
  paginateGetMetricData,
} from '@aws-sdk/client-cloudwatch';
import { paginateFilterLogEvents } from '@aws-sdk/client-cloudwatch-logs';
import { paginateListSubscriptionsByTopic } from '@aws-sdk/client-sns';
import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import {
  maskEndpoint,
  parseTopicArn,
  SnsDeliveryFailure,
  SnsDeliveryResponse,
  SnsSubscription,
  SnsTopicStatus,
  TopicArnParts,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  awsNotConfiguredMessage,
  describeAwsError,
  isAwsNotConfigured,
  MonitoringStackAwsClients,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { collectPages, pagination } from '../lib/awsPagination';
import { readThrough } from '../lib/readThrough';
import {
  deliveryCounts,
  deliveryMetricQueries,
  metricPeriodSeconds,
} from './deliveryMetrics';
import { failureLogGroup, parseFailureLine } from './deliveryFailures';

// Short enough that a fix shows up soon, long enough to spare AWS's rate
// limits when a page is opened by many.
const CACHE_TTL_MS = 60_000;
const MAX_FAILURES = 20;
// FilterLogEvents returns oldest first; these pages bound the search for the newest.
const MAX_FAILURE_PAGES = 5;
const MAX_SUBSCRIPTION_PAGES = 20;
const MAX_METRIC_PAGES = 10;

/** A topic's status, and whether AWS was not set up for its account. */
type TopicRead = { status: SnsTopicStatus; awsNotConfigured: boolean };

/**
 * Reads the delivery status of SNS topics from AWS: subscriptions (SNS),
 * delivery counts (CloudWatch) and recent failures (delivery-status logs).
 * Each part that fails is named in the topic's `errors`; the others still
 * answer. Missing AWS credentials are no failure of a part: they are said
 * once for the whole answer (`aws`), naming what to configure.
 */
export class SnsDeliveryStatus {
  constructor(
    private readonly clients: MonitoringStackAwsClients,
    private readonly cache: CacheService,
    private readonly logger: LoggerService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The status of each topic over the last `windowHours`, cached briefly
   * under `scopeKey` (the tenant, or `*`) and the window. Answers with errors
   * are not cached, so that a throttled read is tried again.
   */
  async topics(
    scopeKey: string,
    topicArns: string[],
    windowHours: number,
  ): Promise<Pick<SnsDeliveryResponse, 'topics' | 'aws'>> {
    return readThrough(
      this.cache,
      `sns-delivery:${scopeKey}:${windowHours}`,
      CACHE_TTL_MS,
      async () => {
        const reads = await Promise.all(
          topicArns.map(arn => this.topic(arn, windowHours)),
        );
        const unread = reads
          .filter(r => r.awsNotConfigured)
          .map(r => r.status.topicArn);
        const topics = reads.map(r => r.status);
        if (unread.length === 0) return { topics };
        const accounts = [
          ...new Set(unread.map(arn => parseTopicArn(arn)?.accountId ?? '')),
        ]
          .filter(Boolean)
          .sort();
        const message = awsNotConfiguredMessage(accounts);
        this.logger.warn(
          `Could not read ${unread.length} SNS topic(s) from AWS: ${message}`,
        );
        return {
          topics,
          aws: { reason: 'not-configured', message, topicArns: unread },
        };
      },
      answer => !answer.aws && answer.topics.every(t => t.errors.length === 0),
    );
  }

  private async topic(
    topicArn: string,
    windowHours: number,
  ): Promise<TopicRead> {
    const status: SnsTopicStatus = {
      topicArn,
      subscriptions: [],
      series: [],
      failures: [],
      errors: [],
    };
    const topic = parseTopicArn(topicArn);
    if (!topic) {
      status.errors.push('not an SNS topic ARN');
      return { status, awsNotConfigured: false };
    }
    const end = this.now();
    const start = new Date(end.getTime() - windowHours * 3600_000);
    let awsNotConfigured = false;
    const part = async (name: string, read: () => Promise<void>) => {
      try {
        await read();
      } catch (error) {
        if (isAwsNotConfigured(error)) {
          awsNotConfigured = true;
          return;
        }
        this.logger.warn(
          `Could not read the ${name} of SNS topic ${topicArn}: ${describeAwsError(
            error,
          )}`,
        );
        status.errors.push(`${name}: ${describeAwsError(error)}`);
      }
    };
    await Promise.all([
      part('subscriptions', async () => {
        status.subscriptions = await this.subscriptions(topic, topicArn);
      }),
      part('delivery metrics', async () => {
        const { counts, series } = deliveryCounts(
          await this.metrics(topic, windowHours, start, end),
        );
        status.counts = counts;
        status.series = series;
      }),
      part('delivery failures', async () => {
        status.failures = await this.failures(topic, start, end);
      }),
    ]);
    // Parts finish in any order; the response should not.
    status.errors.sort();
    return { status, awsNotConfigured };
  }

  private async subscriptions(
    topic: TopicArnParts,
    topicArn: string,
  ): Promise<SnsSubscription[]> {
    const client = await this.clients.sns(topic);
    return collectPages(
      paginateListSubscriptionsByTopic(pagination(client), {
        TopicArn: topicArn,
      }),
      MAX_SUBSCRIPTION_PAGES,
      answer =>
        (answer.Subscriptions ?? []).map(s => {
          const pendingConfirmation =
            s.SubscriptionArn === 'PendingConfirmation';
          return {
            ...(!pendingConfirmation &&
              s.SubscriptionArn && { subscriptionArn: s.SubscriptionArn }),
            protocol: s.Protocol ?? 'unknown',
            endpoint: maskEndpoint(s.Endpoint ?? ''),
            pendingConfirmation,
          };
        }),
    );
  }

  private async metrics(
    topic: TopicArnParts,
    windowHours: number,
    start: Date,
    end: Date,
  ): Promise<MetricDataResult[]> {
    const client = await this.clients.cloudWatch(topic);
    const queries = deliveryMetricQueries(
      topic.name,
      metricPeriodSeconds(windowHours),
    );
    return collectPages(
      paginateGetMetricData(pagination(client), {
        MetricDataQueries: queries,
        StartTime: start,
        EndTime: end,
        ScanBy: 'TimestampAscending',
      }),
      MAX_METRIC_PAGES,
      answer => answer.MetricDataResults ?? [],
    );
  }

  private async failures(
    topic: TopicArnParts,
    start: Date,
    end: Date,
  ): Promise<SnsDeliveryFailure[]> {
    const client = await this.clients.logs(topic);
    let failures: SnsDeliveryFailure[];
    try {
      failures = await collectPages(
        paginateFilterLogEvents(pagination(client), {
          logGroupName: failureLogGroup(topic),
          startTime: start.getTime(),
          endTime: end.getTime(),
        }),
        MAX_FAILURE_PAGES,
        answer =>
          (answer.events ?? []).flatMap(
            event =>
              parseFailureLine(event.message ?? '', event.timestamp) ?? [],
          ),
      );
    } catch (error) {
      // No log group: delivery-status logging is off or nothing failed yet.
      if ((error as Error).name === 'ResourceNotFoundException') return [];
      throw error;
    }
    return failures
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, MAX_FAILURES);
  }
}
