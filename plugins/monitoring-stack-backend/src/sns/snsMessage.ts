import { InputError } from '@backstage/errors';
import { parseWith } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { z } from 'zod';

// Cc (C0, DEL, C1) and the Unicode line and paragraph separators: SNS puts
// none in these fields, and each could split a log line or forge one.
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;
const plain = (schema: z.ZodString) =>
  schema.refine(
    value => !CONTROL_CHARACTERS.test(value),
    'must not contain control characters',
  );

const signed = {
  MessageId: plain(z.string().min(1).max(100)),
  TopicArn: plain(z.string().min(1).max(400)),
  Message: z.string(),
  Timestamp: z.string().datetime({ offset: true }),
  SignatureVersion: z.enum(['1', '2']),
  Signature: z.string().min(1).max(2048),
  SigningCertURL: z.string().min(1).max(2048),
};

const confirmation = {
  ...signed,
  Token: z.string().min(1).max(2048),
  SubscribeURL: z.string().min(1).max(4096),
};

const snsMessageSchema = z.discriminatedUnion('Type', [
  z.object({
    ...signed,
    Type: z.literal('Notification'),
    Subject: plain(z.string().max(100)).optional(),
    UnsubscribeURL: z.string().max(4096).optional(),
  }),
  z.object({ ...confirmation, Type: z.literal('SubscriptionConfirmation') }),
  z.object({ ...confirmation, Type: z.literal('UnsubscribeConfirmation') }),
]);

/** A message SNS posts to an HTTP(S) subscription endpoint. */
export type SnsMessage = z.infer<typeof snsMessageSchema>;

/** Reads the body SNS posted (JSON, though sent as `text/plain`); InputError when it is not an SNS message. */
export function parseSnsMessage(body: string): SnsMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InputError('The body is not JSON');
  }
  return parseWith(snsMessageSchema, json, 'SNS message');
}

/**
 * Reads an SNS message that reached an SQS queue, as the events backend's
 * SQS module publishes it: the message body, parsed. SNS wraps each message
 * in its signed JSON envelope unless the subscription has raw message
 * delivery on; a raw message carries no signature and is refused, naming the
 * setting. InputError when it is not an SNS message.
 */
export function snsMessageFromQueue(payload: unknown): SnsMessage {
  const fields =
    typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : {};
  if (fields.Signature === undefined || fields.TopicArn === undefined) {
    throw new InputError(
      'The queued message is not an SNS envelope (no Signature or TopicArn): turn raw message delivery off on the SNS subscription of the queue',
    );
  }
  return parseWith(snsMessageSchema, payload, 'SNS message');
}
