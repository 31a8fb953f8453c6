import type { Notification } from '../notification';

// Long enough for any real alert text, short enough for one email or chat message.
const MAX_LENGTH = 4000;

/** Any message no parser recognised, forwarded as it is to the admin route. */
export function plainTextNotification(
  message: string,
  subject: string | undefined,
): Notification {
  const text =
    message.length > MAX_LENGTH ? `${message.slice(0, MAX_LENGTH)} …` : message;
  const firstLine = text.split('\n', 1)[0].trim();
  return {
    source: 'text',
    title: subject?.trim() || firstLine.slice(0, 120) || '(empty SNS message)',
    details: text.split('\n'),
  };
}
