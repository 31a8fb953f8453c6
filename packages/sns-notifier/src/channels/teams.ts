import type { Notification } from '../notification';
import { postJson } from './webhook';

const COLOURS: Record<string, { hex: string; adaptive: string }> = {
  critical: { hex: 'D13438', adaptive: 'Attention' },
  warning: { hex: 'FFB900', adaptive: 'Warning' },
};
const DEFAULT_COLOUR = { hex: '0078D7', adaptive: 'Accent' };

/** A legacy Office 365 connector MessageCard. */
export function messageCard(notification: Notification) {
  const colour = COLOURS[notification.severity ?? ''] ?? DEFAULT_COLOUR;
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: notification.title,
    themeColor: colour.hex,
    title: notification.title,
    // MessageCard text is Markdown: two trailing spaces keep the line breaks.
    text: notification.details.join('  \n'),
    potentialAction: notification.link
      ? [
          {
            '@type': 'OpenUri',
            name: 'Open source',
            targets: [{ os: 'default', uri: notification.link }],
          },
        ]
      : [],
  };
}

/** An Adaptive Card message, as Teams Workflows webhooks expect. */
export function adaptiveCardMessage(notification: Notification) {
  const colour = COLOURS[notification.severity ?? ''] ?? DEFAULT_COLOUR;
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: notification.title,
              weight: 'Bolder',
              size: 'Medium',
              color: colour.adaptive,
              wrap: true,
            },
            ...notification.details.map(line => ({
              type: 'TextBlock',
              text: line,
              wrap: true,
              spacing: 'None',
            })),
          ],
          actions: notification.link
            ? [
                {
                  type: 'Action.OpenUrl',
                  title: 'Open source',
                  url: notification.link,
                },
              ]
            : [],
        },
      },
    ],
  };
}

/** Posts a notification to a Microsoft Teams webhook in the configured card format. */
export async function sendTeams(
  webhookUrl: string,
  card: 'adaptive' | 'messageCard',
  notification: Notification,
): Promise<void> {
  await postJson(
    webhookUrl,
    card === 'adaptive'
      ? adaptiveCardMessage(notification)
      : messageCard(notification),
  );
}
