import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import {
  createTestCertificate,
  signSnsMessage,
  UnsignedSnsMessage,
} from './__testUtils__/snsSigner';
import { parseSnsMessage } from './snsMessage';
import { canonicalString, isSignedBy } from './snsSignature';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:team-a-alerts';
const signedFields = {
  SignatureVersion: '1',
  Signature: 'c2ln',
  SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/c.pem',
};

describe('canonicalString', () => {
  it.each([
    [
      'a Notification with a Subject',
      {
        Type: 'Notification',
        MessageId: 'id-1',
        TopicArn: TOPIC,
        Subject: 'Alert',
        Message: 'disk full',
        Timestamp: '2026-11-26T10:00:00.000Z',
        UnsubscribeURL:
          'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
      },
      `Message\ndisk full\nMessageId\nid-1\nSubject\nAlert\nTimestamp\n2026-11-26T10:00:00.000Z\nTopicArn\n${TOPIC}\nType\nNotification\n`,
    ],
    [
      'a Notification without a Subject',
      {
        Type: 'Notification',
        MessageId: 'id-1',
        TopicArn: TOPIC,
        Message: '{"a":1}\nline 2',
        Timestamp: '2026-11-26T10:00:00.000Z',
      },
      `Message\n{"a":1}\nline 2\nMessageId\nid-1\nTimestamp\n2026-11-26T10:00:00.000Z\nTopicArn\n${TOPIC}\nType\nNotification\n`,
    ],
    [
      'a SubscriptionConfirmation',
      {
        Type: 'SubscriptionConfirmation',
        MessageId: 'id-2',
        Token: 'tok',
        TopicArn: TOPIC,
        Message: 'You have chosen',
        SubscribeURL:
          'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription',
        Timestamp: '2026-11-26T10:00:00.000Z',
      },
      `Message\nYou have chosen\nMessageId\nid-2\nSubscribeURL\nhttps://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription\nTimestamp\n2026-11-26T10:00:00.000Z\nToken\ntok\nTopicArn\n${TOPIC}\nType\nSubscriptionConfirmation\n`,
    ],
    [
      'an UnsubscribeConfirmation',
      {
        Type: 'UnsubscribeConfirmation',
        MessageId: 'id-3',
        Token: 'tok',
        TopicArn: TOPIC,
        Message: 'bye',
        SubscribeURL:
          'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription',
        Timestamp: '2026-11-26T10:00:00.000Z',
      },
      `Message\nbye\nMessageId\nid-3\nSubscribeURL\nhttps://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription\nTimestamp\n2026-11-26T10:00:00.000Z\nToken\ntok\nTopicArn\n${TOPIC}\nType\nUnsubscribeConfirmation\n`,
    ],
  ])('signs the documented fields of %s', (_name, fields, expected) => {
    expect(
      canonicalString(
        parseSnsMessage(JSON.stringify({ ...fields, ...signedFields })),
      ),
    ).toBe(expected);
  });
});

describe('isSignedBy', () => {
  const { privateKey, certificatePem } = createTestCertificate();
  const certificate = new X509Certificate(certificatePem);
  const otherKey = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  }).privateKey;
  const now = new Date();
  const notification: UnsignedSnsMessage = {
    Type: 'Notification',
    MessageId: 'id-1',
    TopicArn: TOPIC,
    Subject: 'Alert',
    Message: 'disk full',
    Timestamp: now.toISOString(),
  };
  const check = (signed: Record<string, string | undefined>, at = now) =>
    isSignedBy(parseSnsMessage(JSON.stringify(signed)), certificate, at);

  it.each([
    [
      'SignatureVersion 1 (SHA1withRSA)',
      signSnsMessage(notification, privateKey, { version: '1' }),
      true,
    ],
    [
      'SignatureVersion 2 (SHA256withRSA)',
      signSnsMessage(notification, privateKey, { version: '2' }),
      true,
    ],
    [
      'a tampered Message',
      { ...signSnsMessage(notification, privateKey), Message: 'all good' },
      false,
    ],
    [
      'a tampered Subject',
      { ...signSnsMessage(notification, privateKey), Subject: 'Fine' },
      false,
    ],
    [
      'a removed Subject',
      { ...signSnsMessage(notification, privateKey), Subject: undefined },
      false,
    ],
    [
      'a SHA1 signature claiming version 2',
      {
        ...signSnsMessage(notification, privateKey, { version: '1' }),
        SignatureVersion: '2',
      },
      false,
    ],
    ['another key', signSnsMessage(notification, otherKey), false],
    [
      'a signature cut short',
      { ...signSnsMessage(notification, privateKey), Signature: 'AAAA' },
      false,
    ],
  ])('%s → %p', (_name, signed, expected) => {
    expect(check(signed)).toBe(expected);
  });

  it('refuses a certificate that is no longer valid', () => {
    const signed = signSnsMessage(notification, privateKey);
    expect(
      check(signed, new Date(Date.parse(certificate.validTo) + 1000)),
    ).toBe(false);
  });
});
