import {
  CloudTrailClient,
  Event,
  LookupAttribute,
  LookupEventsCommandInput,
  LookupEventsCommandOutput,
  paginateLookupEvents,
} from '@aws-sdk/client-cloudtrail';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { LoggerService } from '@backstage/backend-plugin-api';
import { describeAwsError } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { pagination } from '../lib/awsPagination';
import { CloudTrailConfig } from './cloudTrailConfig';
import {
  EKS_EVENT_SOURCE,
  notificationMessage,
  StoredCloudTrailEvent,
  toStoredEvent,
} from './cloudTrailEvents';
import { CloudTrailStore } from './CloudTrailStore';
import { Clock, RateLimiter, systemClock } from './RateLimiter';
import { stackWatchLookups, toStackWatchEvent } from './stackWatch';

/** LookupEvents' documented limit per account and region. */
const REQUESTS_PER_SECOND = 2;
const MAX_THROTTLED_ATTEMPTS = 6;
const BACKOFF_BASE_MS = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What one run did; `read` counts the events kept, not those dropped. */
export type ReaderRun = { read: number; stored: number; notified: number };

/** One LookupEvents query of a run and what it keeps of each event. */
type Lookup = {
  attribute: LookupAttribute;
  keep: (event: Event) => StoredCloudTrailEvent | undefined;
};

/**
 * Reads the EKS API's CloudTrail events and the watched calls on the
 * stack's own AWS resources since the stored cursor, stores the new ones,
 * publishes those that need attention to the admin SNS topic once, and
 * prunes events past retention. Run by the scheduler on one replica.
 */
export class CloudTrailReader {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly deps: {
      /**
       * The AWS clients, asked on each run: resolving credentials may need
       * STS, and AWS out of reach must not stop the backend from starting.
       */
      clients: () => Promise<{ cloudTrail: CloudTrailClient; sns: SNSClient }>;
      store: CloudTrailStore;
      config: CloudTrailConfig;
      logger: LoggerService;
      clock?: Clock;
    },
  ) {
    this.limiter = new RateLimiter(REQUESTS_PER_SECOND, this.clock);
  }

  private get clock() {
    return this.deps.clock ?? systemClock;
  }

  /** One run; the cursor moves only when every page was read and stored. */
  async run(): Promise<ReaderRun> {
    const { store, config, logger } = this.deps;
    const at = this.clock.now();
    try {
      const { cloudTrail, sns } = await this.deps.clients();
      const state = await store.state();
      const start =
        state.cursorTime !== undefined
          ? state.cursorTime - config.lookbackMs
          : at - config.initialLookbackMs;
      let cursor = state.cursorTime;
      let read = 0;
      let stored = 0;
      // Every lookup reads the same window; the cursor moves past all of them.
      for (const lookup of this.lookups()) {
        for await (const page of this.pages(
          cloudTrail,
          lookup.attribute,
          new Date(start),
          new Date(at),
        )) {
          const events = (page.Events ?? [])
            .map(lookup.keep)
            .filter((e): e is StoredCloudTrailEvent => e !== undefined);
          read += events.length;
          stored += (await store.addNew(events)).length;
          for (const e of events)
            cursor = Math.max(cursor ?? e.eventTime, e.eventTime);
        }
      }
      const notified = await this.notifyPending(sns);
      await store.prune(at - config.retentionDays * DAY_MS);
      await store.recordRun({ at, cursorTime: cursor });
      return { read, stored, notified };
    } catch (error) {
      // The stored error is shown on /health to any signed-in user.
      await store.recordRun({ at, error: describeAwsError(error) });
      logger.warn(`CloudTrail reader failed: ${(error as Error).message}`);
      throw error;
    }
  }

  /**
   * The EKS API by its source, then the watched calls on the stack's
   * resources (LookupEvents takes one attribute a request).
   */
  private lookups(): Lookup[] {
    const { rules, stack } = this.deps.config;
    const eks: Lookup = {
      attribute: {
        AttributeKey: 'EventSource',
        AttributeValue: EKS_EVENT_SOURCE,
      },
      keep: e => toStoredEvent(e, rules),
    };
    if (!stack) return [eks];
    return [
      eks,
      ...stackWatchLookups(stack).map(attribute => ({
        attribute,
        keep: (e: Event) => toStackWatchEvent(e, stack),
      })),
    ];
  }

  /**
   * The pages of one lookup in the window, each request paced by the rate
   * limiter; a throttled page is asked again, backing off, from its token.
   */
  private async *pages(
    cloudTrail: CloudTrailClient,
    attribute: LookupAttribute,
    start: Date,
    end: Date,
  ): AsyncGenerator<LookupEventsCommandOutput> {
    const input: LookupEventsCommandInput = {
      LookupAttributes: [attribute],
      StartTime: start,
      EndTime: end,
      MaxResults: 50,
    };
    let token: string | undefined;
    for (let attempt = 1; ; attempt++) {
      await this.limiter.acquire();
      try {
        for await (const page of paginateLookupEvents(
          pagination(cloudTrail, token),
          { ...input },
        )) {
          attempt = 1;
          token = page.NextToken;
          yield page;
          if (token) await this.limiter.acquire();
        }
        return;
      } catch (error) {
        if (
          (error as Error).name !== 'ThrottlingException' ||
          attempt >= MAX_THROTTLED_ATTEMPTS
        )
          throw error;
        await this.clock.sleep(BACKOFF_BASE_MS * 2 ** (attempt - 1));
      }
    }
  }

  /**
   * Publishes every stored event that needs attention and was not published
   * yet, including those a failed publish left behind. Without a topic the
   * events stay unnotified.
   */
  private async notifyPending(sns: SNSClient): Promise<number> {
    const { store, config, logger } = this.deps;
    if (!config.topicArn) return 0;
    let notified = 0;
    for (const event of await store.pendingNotifications()) {
      try {
        await sns.send(
          new PublishCommand({
            TopicArn: config.topicArn,
            Subject: `CloudTrail: ${event.eventName}`.slice(0, 100),
            Message: JSON.stringify(notificationMessage(event, config.cluster)),
            MessageAttributes: {
              kind: {
                DataType: 'String',
                StringValue: 'monitoring-stack.cloudtrail',
              },
            },
          }),
        );
        await store.markNotified(event.eventId, this.clock.now());
        notified++;
      } catch (error) {
        logger.warn(
          `Could not publish CloudTrail event ${event.eventId}: ${
            (error as Error).message
          }`,
        );
      }
    }
    return notified;
  }
}
