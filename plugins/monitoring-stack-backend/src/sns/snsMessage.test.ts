import { InputError } from '@backstage/errors';
import { parseSnsMessage, snsMessageFromQueue } from './snsMessage';

const valid = {
  Type: 'Notification',
  MessageId: 'id-1',
  TopicArn: 'arn:aws:sns:eu-west-1:123456789012:team-a-alerts',
  Message: 'disk full',
  Timestamp: '2026-11-26T10:00:00.000Z',
  SignatureVersion: '1',
  Signature: 'c2ln',
  SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/c.pem',
};

describe('parseSnsMessage', () => {
  it('reads a Notification', () => {
    expect(parseSnsMessage(JSON.stringify(valid))).toEqual(valid);
  });

  it('keeps line breaks in the Message', () => {
    const message = { ...valid, Subject: 'ALARM: é ✓', Message: 'a\nb\u2028' };
    expect(parseSnsMessage(JSON.stringify(message))).toEqual(message);
  });

  it.each([
    ['not JSON', 'Type=Notification', 'The body is not JSON'],
    ['JSON that is no object', '"Notification"', 'Invalid SNS message'],
    ['an unknown Type', JSON.stringify({ ...valid, Type: 'Other' }), 'Type'],
    [
      'no MessageId',
      JSON.stringify({ ...valid, MessageId: undefined }),
      'MessageId',
    ],
    [
      'no Signature',
      JSON.stringify({ ...valid, Signature: undefined }),
      'Signature',
    ],
    [
      'SignatureVersion 3',
      JSON.stringify({ ...valid, SignatureVersion: '3' }),
      'SignatureVersion',
    ],
    [
      'a Timestamp that is no time',
      JSON.stringify({ ...valid, Timestamp: 'yesterday' }),
      'Timestamp',
    ],
    [
      'a Message that is no string',
      JSON.stringify({ ...valid, Message: { a: 1 } }),
      'Message',
    ],
    [
      'a confirmation without SubscribeURL',
      JSON.stringify({
        ...valid,
        Type: 'SubscriptionConfirmation',
        Token: 't',
      }),
      'SubscribeURL',
    ],
    ...[
      ['Subject', 'ALARM\nInjected: yes'],
      ['Subject', 'ALARM\t'],
      ['Subject', 'ALARM\u007f'],
      ['Subject', 'ALARM\u009b'],
      ['Subject', 'ALARM\u2028'],
      ['MessageId', 'id-1\u0000'],
      ['MessageId', 'id-1\u2029'],
      ['TopicArn', `${valid.TopicArn}\r`],
      ['TopicArn', `${valid.TopicArn}\u0085`],
    ].map(([field, value]) => [
      `a ${field} with a control character (${JSON.stringify(value)})`,
      JSON.stringify({ ...valid, [field]: value }),
      `${field}: must not contain control characters`,
    ]),
  ])('refuses %s', (_name, body, problem) => {
    expect(() => parseSnsMessage(body)).toThrow(InputError);
    expect(() => parseSnsMessage(body)).toThrow(problem);
  });
});

describe('snsMessageFromQueue', () => {
  it('reads the envelope SNS queues when raw message delivery is off', () => {
    expect(
      snsMessageFromQueue({
        ...valid,
        MessageAttributes: { a: { Type: 'String', Value: 'b' } },
      }),
    ).toEqual(valid);
  });

  it.each([
    ['a raw message', { AlarmName: 'disk-full' }],
    ['an envelope without its Signature', { ...valid, Signature: undefined }],
    ['a string', JSON.stringify(valid)],
    ['null', null],
    ['an array', [valid]],
  ])('refuses %s, naming raw message delivery', (_name, payload) => {
    expect(() => snsMessageFromQueue(payload)).toThrow(InputError);
    expect(() => snsMessageFromQueue(payload)).toThrow(
      'turn raw message delivery off',
    );
  });

  it('refuses an envelope with bad fields as the HTTPS endpoint does', () => {
    expect(() =>
      snsMessageFromQueue({ ...valid, SignatureVersion: '3' }),
    ).toThrow('SignatureVersion');
  });
});
