import type { Notification } from '../notification';
import { postJson } from './webhook';

const COLOURS: Record<string, { hex: string; adaptive: string }> = {
  critical: { hex: 'D13438', adaptive: 'Attention' },
  warning: { hex: 'FFB900', adaptive: 'Warning' },
};
const DEFAULT_COLOUR = { hex: '0078D7', adaptive: 'Accent' };

// Alert text is shown as it is: everything a card reads as markup ("Format
// cards in Teams") is backslash-escaped, here a line starting as a list item
// (`- `, `1. `, and CommonMark's `+ `).
const escapeListMarkers = (text: string) =>
  text
    .replace(/^([ \t]*)([-+])(?=\s|$)/gm, '$1\\$2')
    .replace(/^([ \t]*)(\d+)\.(?=\s|$)/gm, '$1$2\\.');

// Adaptive Card TextBlocks: **bold**, _italic_, [text](url) links and Teams'
// <at>…</at> mentions; CommonMark renderers also read <…> autolinks and &…; entities.
const escapeAdaptive = (text: string) =>
  escapeListMarkers(text.replace(/[\\*_[\]()<>&]/g, '\\$&'));

// MessageCard text takes Markdown (also # headings, ~~strike~~, `code`, > quotes,
// ![images](url)) and HTML such as <a href>: &, < and > become entities (which
// also ends `>` quotes), the Markdown is backslash-escaped.
const escapeMessageCard = (text: string) =>
  escapeListMarkers(
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\*_~`[\]()]/g, '\\$&')
      .replace(/^([ \t]*)#/gm, '$1\\#'),
  );

/** A legacy Office 365 connector MessageCard. */
export function messageCard(notification: Notification) {
  const colour = COLOURS[notification.severity ?? ''] ?? DEFAULT_COLOUR;
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    // Teams formats a card's text only; summary and title are shown as they are.
    summary: notification.title,
    themeColor: colour.hex,
    title: notification.title,
    // Two trailing spaces keep the Markdown line breaks.
    text: notification.details.map(escapeMessageCard).join('  \n'),
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
              text: escapeAdaptive(notification.title),
              weight: 'Bolder',
              size: 'Medium',
              color: colour.adaptive,
              wrap: true,
            },
            ...notification.details.map(line => ({
              type: 'TextBlock',
              text: escapeAdaptive(line),
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
