import { signingCertUrlProblem, snsUrlProblem } from './snsUrls';

describe('signingCertUrlProblem', () => {
  it.each([
    [
      'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem',
      undefined,
    ],
    [
      'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem',
      undefined,
    ],
    [
      'https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-abc.pem',
      undefined,
    ],
    [
      'http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem',
      expect.stringContaining('must use https'),
    ],
    [
      'https://sns.evil.com/SimpleNotificationService-abc.pem',
      expect.stringContaining(
        'host sns.evil.com is not sns.<region>.amazonaws.com',
      ),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com.evil.com/cert.pem',
      expect.stringContaining(
        'host sns.eu-west-1.amazonaws.com.evil.com is not',
      ),
    ],
    [
      'https://evil.com/sns.eu-west-1.amazonaws.com/cert.pem',
      expect.stringContaining('host evil.com is not'),
    ],
    [
      'https://s3.eu-west-1.amazonaws.com/bucket/cert.pem',
      expect.stringContaining('host s3.eu-west-1.amazonaws.com is not'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com./cert.pem',
      expect.stringContaining('is not sns.<region>.amazonaws.com'),
    ],
    [
      'https://x@sns.eu-west-1.amazonaws.com/cert.pem',
      expect.stringContaining('must not carry user info'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com:8443/cert.pem',
      expect.stringContaining('must not name a port'),
    ],
    [
      'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem',
      undefined,
    ],
    [
      'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9C6465FA7F48F5CACD23014631EC1136.pem',
      undefined,
    ],
    [
      `https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-${'a'.repeat(
        64,
      )}.pem`,
      undefined,
    ],
    [
      'https://sns.us-east-1.amazonaws.com/attacker/x.pem?y',
      expect.stringContaining('must not carry a query'),
    ],
    [
      'https://sns.us-east-1.amazonaws.com/attacker/x.pem',
      expect.stringContaining(
        'path must be /SimpleNotificationService-<hex>.pem',
      ),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com/a/SimpleNotificationService-abc.pem',
      expect.stringContaining('path must be'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com/cert.pem',
      expect.stringContaining('path must be'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com/cert.pem.txt',
      expect.stringContaining('path must be'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-xyz.pem',
      expect.stringContaining('path must be'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-.pem',
      expect.stringContaining('path must be'),
    ],
    [
      `https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-${'a'.repeat(
        65,
      )}.pem`,
      expect.stringContaining('path must be'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com/simplenotificationservice-abc.pem',
      expect.stringContaining('path must be'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.PEM',
      expect.stringContaining('path must be'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com/x/../SimpleNotificationService-abc.pem',
      expect.stringContaining('must be written as SNS writes it'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-%61bc.pem',
      expect.stringContaining('path must be'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-ab\tc.pem',
      expect.stringContaining('must be written as SNS writes it'),
    ],
    [
      'https://SNS.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem',
      expect.stringContaining('must be written as SNS writes it'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com:443/SimpleNotificationService-abc.pem',
      expect.stringContaining('must be written as SNS writes it'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem?x=.pem',
      expect.stringContaining('must not carry a query'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem?',
      expect.stringContaining('must not carry a query'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem#x',
      expect.stringContaining('must not carry a fragment'),
    ],
    [
      'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem#',
      expect.stringContaining('must not carry a fragment'),
    ],
    [
      '//sns.eu-west-1.amazonaws.com/cert.pem',
      expect.stringContaining('is not a URL'),
    ],
  ])('%s → %p', (url, problem) => {
    expect(signingCertUrlProblem(url)).toEqual(problem);
  });
});

describe('snsUrlProblem', () => {
  it.each([
    [
      'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=t',
      undefined,
    ],
    [
      'https://sns.eu-west-1.amazonaws.com.evil.com/?Action=ConfirmSubscription',
      expect.stringContaining('is not sns.<region>.amazonaws.com'),
    ],
    [
      'http://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription',
      expect.stringContaining('must use https'),
    ],
  ])('%s → %p', (url, problem) => {
    expect(snsUrlProblem(url)).toEqual(problem);
  });
});
