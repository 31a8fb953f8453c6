import { verify, X509Certificate } from 'node:crypto';
import { SnsMessage } from './snsMessage';

// The keys SNS signs, in the documented order; a Notification's Subject only
// when the message has one.
const NOTIFICATION_KEYS = [
  'Message',
  'MessageId',
  'Subject',
  'Timestamp',
  'TopicArn',
  'Type',
] as const;
const CONFIRMATION_KEYS = [
  'Message',
  'MessageId',
  'SubscribeURL',
  'Timestamp',
  'Token',
  'TopicArn',
  'Type',
] as const;

/**
 * The string SNS signed: each signed key and its value on their own lines,
 * in byte order of the key names, as documented under "Verifying the
 * signatures of Amazon SNS messages".
 */
export function canonicalString(message: SnsMessage): string {
  const keys =
    message.Type === 'Notification' ? NOTIFICATION_KEYS : CONFIRMATION_KEYS;
  const fields = message as Record<string, string | undefined>;
  return keys
    .filter(key => fields[key] !== undefined)
    .map(key => `${key}\n${fields[key]}\n`)
    .join('');
}

const ALGORITHMS: Record<SnsMessage['SignatureVersion'], string> = {
  '1': 'RSA-SHA1',
  '2': 'RSA-SHA256',
};

/**
 * Whether `certificate` signed `message` (SignatureVersion 1: SHA1withRSA,
 * 2: SHA256withRSA) and was valid at `now`. The caller makes sure the
 * certificate came from SNS.
 */
export function isSignedBy(
  message: SnsMessage,
  certificate: X509Certificate,
  now: Date,
): boolean {
  if (
    now < new Date(certificate.validFrom) ||
    now > new Date(certificate.validTo)
  ) {
    return false;
  }
  try {
    return verify(
      ALGORITHMS[message.SignatureVersion],
      Buffer.from(canonicalString(message), 'utf8'),
      certificate.publicKey,
      Buffer.from(message.Signature, 'base64'),
    );
  } catch {
    // A signature of the wrong length or a key of another type.
    return false;
  }
}
