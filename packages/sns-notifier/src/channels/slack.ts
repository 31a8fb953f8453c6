import { renderPlainText, type Notification } from '../notification';
import { postJson } from './webhook';

// Slack's limits: header text 150 characters, section text 3000.
const truncate = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** The Slack incoming-webhook body: `text` for notifications and old clients, `blocks` for the message. */
export function slackPayload(notification: Notification) {
  const blocks: object[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(notification.title, 150) },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(notification.details.join('\n') || ' ', 3000),
      },
    },
  ];
  if (notification.link) {
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `<${notification.link}|Open source>` },
      ],
    });
  }
  return { text: truncate(renderPlainText(notification), 3000), blocks };
}

/** Posts a notification to a Slack incoming webhook. */
export async function sendSlack(
  webhookUrl: string,
  notification: Notification,
): Promise<void> {
  await postJson(webhookUrl, slackPayload(notification));
}
