import type { Target } from './routing';

/** Masks an email address: `team@example.com` → `t***@example.com`. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  return at <= 0 ? '***' : `${address[0]}***${address.slice(at)}`;
}

/** Keeps only the origin of a URL, since webhook paths are the secret: `https://hooks.slack.com/***`. */
export function maskUrl(url: string): string {
  try {
    return `${new URL(url).origin}/***`;
  } catch {
    return '***';
  }
}

/** Keeps the last two digits of a phone number: `+4915112345678` → `***78`. */
export function maskPhone(phoneNumber: string): string {
  return `***${phoneNumber.slice(-2)}`;
}

/** The raw address of a target: what must never appear in logs or reports. */
export function targetAddress(target: Target): string {
  switch (target.channel) {
    case 'email':
      return target.to;
    case 'sms':
      return target.phoneNumber;
    default:
      return target.webhookUrl;
  }
}

/** A target's address in the masked form used in logs, reports and the dead-letter queue. */
export function maskTarget(target: Target): string {
  switch (target.channel) {
    case 'email':
      return maskEmail(target.to);
    case 'sms':
      return maskPhone(target.phoneNumber);
    default:
      return maskUrl(target.webhookUrl);
  }
}
