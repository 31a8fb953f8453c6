import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SNSClient } from '@aws-sdk/client-sns';
import { sendEmail } from './channels/email';
import { sendSlack } from './channels/slack';
import { sendSms } from './channels/sms';
import { sendTeams } from './channels/teams';
import { maskTarget, targetAddress } from './mask';
import type { Notification } from './notification';
import { RetryError, withRetry, type RetryOptions } from './retry';
import type { Target } from './routing';

/** What delivering needs besides the notification and target. */
export type DeliveryContext = {
  ses: SESv2Client;
  sns: SNSClient;
  emailFrom?: string;
  retry: RetryOptions;
};

/** The outcome of delivering to one target, after retries. */
export type TargetOutcome = {
  status: 'delivered' | 'failed';
  attempts: number;
  /** Why the last attempt failed, with the target's address masked. */
  error?: string;
};

function send(
  notification: Notification,
  target: Target,
  context: DeliveryContext,
): Promise<void> {
  switch (target.channel) {
    case 'email':
      if (!context.emailFrom) {
        throw new Error('EMAIL_FROM is not set');
      }
      return sendEmail(context.ses, context.emailFrom, target.to, notification);
    case 'slack':
      return sendSlack(target.webhookUrl, notification);
    case 'teams':
      return sendTeams(target.webhookUrl, target.card, notification);
    case 'sms':
      return sendSms(context.sns, target.phoneNumber, notification);
    default:
      // Unreachable while Target's union is covered; the message must not quote the target.
      throw new Error(
        `unknown channel ${(target as { channel: string }).channel}`,
      );
  }
}

/** Delivers a notification to one target with retries; never throws. */
export async function deliver(
  notification: Notification,
  target: Target,
  context: DeliveryContext,
): Promise<TargetOutcome> {
  try {
    const { attempts } = await withRetry(
      () => send(notification, target, context),
      context.retry,
    );
    return { status: 'delivered', attempts };
  } catch (error) {
    const attempts = error instanceof RetryError ? error.attempts : 1;
    const cause = error instanceof RetryError ? error.cause : error;
    const described =
      cause instanceof Error
        ? `${cause.name}: ${cause.message}`
        : String(cause);
    // An error message may quote the address (e.g. a fetch error with the URL); mask it.
    const safe = described
      .split(targetAddress(target))
      .join(maskTarget(target));
    return { status: 'failed', attempts, error: safe };
  }
}
