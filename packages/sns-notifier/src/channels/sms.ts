import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notification } from '../notification';

// Longer texts are split into several billed SMS parts; the title and a first line say enough.
const MAX_SMS_LENGTH = 300;

/** The SMS text: title and first detail line, cut to a few SMS parts. */
export function smsText(notification: Notification): string {
  const text = [notification.title, notification.details[0]]
    .filter(Boolean)
    .join('\n');
  return text.length > MAX_SMS_LENGTH
    ? `${text.slice(0, MAX_SMS_LENGTH - 1)}…`
    : text;
}

/** Sends a notification as a transactional SMS through SNS Publish. */
export async function sendSms(
  sns: SNSClient,
  phoneNumber: string,
  notification: Notification,
): Promise<void> {
  await sns.send(
    new PublishCommand({
      PhoneNumber: phoneNumber,
      Message: smsText(notification),
      MessageAttributes: {
        // Transactional SMS are delivered even to numbers that opted out of promotions.
        'AWS.SNS.SMS.SMSType': {
          DataType: 'String',
          StringValue: 'Transactional',
        },
      },
    }),
  );
}
