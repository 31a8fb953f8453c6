import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import { SnsMessage, snsMessageFromQueue } from './snsMessage';
import { ReceiveOutcome, SnsReceiver } from './SnsReceiver';

/** What became of a message read from the events topic. */
export type QueuedOutcome = ReceiveOutcome | 'refused' | 'failed';

/** The subscriber's id in the events service, which prefixes the plugin id. */
export const SNS_EVENTS_SUBSCRIBER_ID = 'sns-receiver';

// The SQS module deletes a message from the queue once it has published it,
// before any subscriber is done: a failure here (SNS's certificate host or
// the database out of reach) is retried here, or the message is lost.
const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000];

// Refusals of the message itself; trying again cannot change them.
const REFUSALS = new Set(['InputError', 'NotAllowedError']);

/**
 * SNS messages delivered to an SQS queue, which the events backend's SQS
 * module reads and publishes to an events topic. Each goes through the same
 * checks as the HTTPS endpoint's (SNS's envelope, known topic, freshness,
 * signature): whoever the queue policy lets write to the queue could have
 * sent it. What it refuses or cannot handle is logged and dropped; the
 * events service never sees an error.
 */
export class SnsEventsReceiver {
  private readonly logger: LoggerService;
  private readonly retryDelaysMs: number[];

  constructor(
    private readonly deps: {
      receiver: SnsReceiver;
      eventsTopic: string;
      logger: LoggerService;
      retryDelaysMs?: number[];
    },
  ) {
    this.logger = deps.logger.child({ eventsTopic: deps.eventsTopic });
    this.retryDelaysMs = deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  /** Subscribes to the events topic. */
  async subscribe(events: EventsService): Promise<void> {
    await events.subscribe({
      id: SNS_EVENTS_SUBSCRIBER_ID,
      topics: [this.deps.eventsTopic],
      onEvent: async event => {
        await this.handle(event.eventPayload);
      },
    });
  }

  /** Verifies and handles one event's payload (the SQS message body); never throws. */
  async handle(payload: unknown): Promise<QueuedOutcome> {
    let messageId: string | undefined;
    try {
      const message = snsMessageFromQueue(payload);
      messageId = message.MessageId;
      const outcome = await this.accept(message);
      if (outcome === 'duplicate') {
        this.logger.debug('Skipped an SNS message already received', {
          messageId,
        });
      }
      return outcome;
    } catch (error) {
      const reason = isError(error) ? error.message : String(error);
      const meta = messageId ? { messageId } : {};
      if (isError(error) && REFUSALS.has(error.name)) {
        this.logger.warn(
          `Refused an SNS message read from SQS: ${reason}`,
          meta,
        );
        return 'refused';
      }
      this.logger.error(
        `Dropped an SNS message read from SQS after ${
          this.retryDelaysMs.length + 1
        } attempts: ${reason}`,
        meta,
      );
      return 'failed';
    }
  }

  private async accept(message: SnsMessage): Promise<ReceiveOutcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.deps.receiver.accept(message);
      } catch (error) {
        const delay = this.retryDelaysMs[attempt];
        if (delay === undefined || (isError(error) && REFUSALS.has(error.name)))
          throw error;
        this.logger.info(
          `Retrying an SNS message read from SQS in ${delay} ms: ${
            isError(error) ? error.message : String(error)
          }`,
          { messageId: message.MessageId },
        );
        await new Promise(resolve => setTimeout(resolve, delay));
      }
    }
  }
}
