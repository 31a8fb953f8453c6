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
      'https://sns.eu-west-1.amazonaws.com/cert.pem.txt',
      expect.stringContaining('must point to a .pem file'),
    ],
    ['https://sns.eu-west-1.amazonaws.com/cert.pem?x=.pem', undefined],
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
