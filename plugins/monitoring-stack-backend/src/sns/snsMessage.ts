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
