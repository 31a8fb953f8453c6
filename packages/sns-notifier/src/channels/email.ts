import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { renderPlainText, type Notification } from '../notification';

/** Sends a notification as a plain-text email through SES v2 (Simple content). */
export async function sendEmail(
  ses: SESv2Client,
  from: string,
  to: string,
  notification: Notification,
): Promise<void> {
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: [to] },
      Content: {
        Simple: {
          Subject: { Data: notification.title, Charset: 'UTF-8' },
          Body: {
            Text: { Data: renderPlainText(notification), Charset: 'UTF-8' },
          },
        },
      },
    }),
  );
}
