import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the tests serve the signing certificate: an allowed SNS host. */
export const TEST_CERT_URL = testCertUrl('0');

/** A signing certificate URL of SNS's form, one per `name` (hex digits). */
export function testCertUrl(name: string): string {
  return `https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-${name.padStart(
    32,
    '0',
  )}.pem`;
}

/** A fresh RSA key and a self-signed certificate for it (openssl: Node cannot issue certificates). */
export function createTestCertificate(): {
  privateKey: KeyObject;
  certificatePem: string;
} {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dir = mkdtempSync(join(tmpdir(), 'sns-cert-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-new',
        '-key',
        keyFile,
        '-out',
        certFile,
        '-days',
        '2',
        '-subj',
        '/CN=sns.amazonaws.com',
      ],
      { stdio: 'ignore' },
    );
    return { privateKey, certificatePem: readFileSync(certFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fields of an SNS message before signing. */
export type UnsignedSnsMessage = Record<string, string | undefined> & {
  Type: 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
};

// Written out from the AWS documentation independently of the code under
// test, so that a wrong canonical string there cannot sign its own fixtures.
const SIGNED_KEYS = {
  Notification: [
    'Message',
    'MessageId',
    'Subject',
    'Timestamp',
    'TopicArn',
    'Type',
  ],
  SubscriptionConfirmation: [
    'Message',
    'MessageId',
    'SubscribeURL',
    'Timestamp',
    'Token',
    'TopicArn',
    'Type',
  ],
  UnsubscribeConfirmation: [
    'Message',
    'MessageId',
    'SubscribeURL',
    'Timestamp',
    'Token',
    'TopicArn',
    'Type',
  ],
};

/** Signs a message the way SNS does (SignatureVersion 1: SHA1, 2: SHA256). */
export function signSnsMessage(
  message: UnsignedSnsMessage,
  privateKey: KeyObject,
  options: { version?: '1' | '2'; certUrl?: string } = {},
): Record<string, string | undefined> {
  const version = options.version ?? '2';
  const text = SIGNED_KEYS[message.Type]
    .filter(key => message[key] !== undefined)
    .map(key => `${key}\n${message[key]}\n`)
    .join('');
  const signature = sign(
    version === '1' ? 'sha1' : 'sha256',
    Buffer.from(text, 'utf8'),
    privateKey,
  );
  return {
    ...message,
    SignatureVersion: version,
    Signature: signature.toString('base64'),
    SigningCertURL: options.certUrl ?? TEST_CERT_URL,
  };
}
