import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { confirmSubscription } from './confirmSubscription';
import { SigningCertificates } from './SigningCertificates';
import { parseSnsMessage, SnsMessage } from './snsMessage';
import { isSignedBy } from './snsSignature';
import { SnsStore } from './SnsStore';

/** What the receiver did with a message. */
export type ReceiveOutcome =
  | 'stored'
  | 'duplicate'
  | 'confirmed'
  | 'unsubscribed';

/** How far a sender's clock may run ahead of ours; more is a forged or broken clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
const CONFIRM_TIMEOUT_MS = 10_000;

/**
 * Accepts an SNS message only when its topic is known, it is fresh and its
 * signature verifies with a certificate from SNS; then stores a notification
 * once, or confirms a subscription. The cheap checks come first, so a forged
 * message costs no fetch. Behind the SNS HTTP(S) subscription endpoint and
 * the SQS deliveries alike: how a message arrived never vouches for it.
 */
export class SnsReceiver {
  constructor(
    private readonly deps: {
      certificates: SigningCertificates;
      store: SnsStore;
      knownTopicArns: () => Promise<Set<string>>;
      maxMessageAgeSeconds: number;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** Handles the raw body of a POST; `messageType` is the `x-amz-sns-message-type` header. */
  async receive(body: string, messageType?: string): Promise<ReceiveOutcome> {
    const message = parseSnsMessage(body);
    if (messageType !== undefined && messageType !== message.Type) {
      throw new InputError(
        `x-amz-sns-message-type ${messageType} does not match the message's Type ${message.Type}`,
      );
    }
    return this.accept(message);
  }

  /**
   * Verifies and handles a parsed message, however it arrived; NotAllowedError
   * when its topic, age or signature is refused.
   */
  async accept(message: SnsMessage): Promise<ReceiveOutcome> {
    const now = this.deps.now?.() ?? new Date();
    // Before the signature verifies, an unknown topic and a stale message
    // answer alike: the endpoint is unauthenticated, and a different answer
    // would tell anyone which topics the portal knows. The reason is logged.
    const known = (await this.deps.knownTopicArns()).has(message.TopicArn);
    const stale = this.staleness(message, now);
    if (!known || stale) {
      this.deps.logger.warn(
        `Refused an SNS message before its signature was checked: ${
          known ? stale : `unknown topic ${message.TopicArn}`
        }`,
      );
      throw new NotAllowedError(
        'The message is not accepted: its topic is not subscribed here, or it is not fresh',
      );
    }
    const certificate = await this.deps.certificates.get(
      message.SigningCertURL,
    );
    if (!isSignedBy(message, certificate, now)) {
      throw new NotAllowedError('The message signature does not verify');
    }
    return this.handle(message, now);
  }

  /** Why the message is too old or from the future, or undefined when it is fresh. */
  private staleness(message: SnsMessage, now: Date): string | undefined {
    const age = now.getTime() - Date.parse(message.Timestamp);
    if (age > this.deps.maxMessageAgeSeconds * 1000) {
      return `sent at ${message.Timestamp}, longer ago than ${this.deps.maxMessageAgeSeconds} s`;
    }
    if (age < -MAX_CLOCK_SKEW_MS) {
      return `its Timestamp ${message.Timestamp} is in the future`;
    }
    return undefined;
  }

  private async handle(
    message: SnsMessage,
    now: Date,
  ): Promise<ReceiveOutcome> {
    const { logger } = this.deps;
    switch (message.Type) {
      case 'Notification': {
        const stored = await this.deps.store.addNotification(
          {
            messageId: message.MessageId,
            topicArn: message.TopicArn,
            subject: message.Subject,
            message: message.Message,
            sentAt: new Date(message.Timestamp),
          },
          now,
        );
        return stored ? 'stored' : 'duplicate';
      }
      case 'SubscriptionConfirmation':
        await confirmSubscription(message.SubscribeURL, CONFIRM_TIMEOUT_MS);
        logger.info(
          `Confirmed the subscription of this endpoint to ${message.TopicArn}`,
        );
        return 'confirmed';
      default:
        logger.info(`This endpoint was unsubscribed from ${message.TopicArn}`);
        return 'unsubscribed';
    }
  }
}
