import { InputError } from '@backstage/errors';
import { parseSnsMessage } from './snsMessage';

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

  it.each([
    ['not JSON', 'Type=Notification', 'The body is not JSON'],
    [
      'JSON that is no object',
      '"Notification"',
      'The body is not an SNS message',
    ],
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
  ])('refuses %s', (_name, body, problem) => {
    expect(() => parseSnsMessage(body)).toThrow(InputError);
    expect(() => parseSnsMessage(body)).toThrow(problem);
  });
});
