import { renderPlainText, type Notification } from '../notification';
import { postJson } from './webhook';

// Slack parses &, < and > as control characters in every text object and in
// `text` ("Escaping text" in its formatting reference): unescaped, alert text
// could notify with `<!channel>` or show `<https://evil|a harmless name>`.
const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// Slack's limits: header text 150 characters, section text 3000. Every & in
// escaped text starts an entity, so a trailing `&…` is one cut in half.
const truncate = (text: string, max: number) =>
  text.length > max
    ? `${text.slice(0, max - 1).replace(/&[a-z]*$/, '')}…`
    : text;

// The notifier's own link markup; `|` is encoded so the URL cannot end early.
const link = (url: string, label: string) =>
  `<${escape(url).replace(/\|/g, '%7C')}|${label}>`;

/** The Slack incoming-webhook body: `text` for notifications and old clients, `blocks` for the message. */
export function slackPayload(notification: Notification) {
  const blocks: object[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(escape(notification.title), 150),
      },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(escape(notification.details.join('\n')) || ' ', 3000),
      },
    },
  ];
  if (notification.link) {
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: link(notification.link, 'Open source') },
      ],
    });
  }
  return {
    text: truncate(escape(renderPlainText(notification)), 3000),
    blocks,
  };
}

/** Posts a notification to a Slack incoming webhook. */
export async function sendSlack(
  webhookUrl: string,
  notification: Notification,
): Promise<void> {
  await postJson(webhookUrl, slackPayload(notification));
}
