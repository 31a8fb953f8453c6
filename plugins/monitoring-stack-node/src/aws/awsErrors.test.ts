import { describeAwsError, isAwsNotConfigured } from './awsErrors';

const named = (
  name: string,
  message = 'User: arn:aws:iam::123456789012:role/x is not authorized',
) => Object.assign(new Error(message), { name });

describe('describeAwsError', () => {
  it.each([
    [
      named('AuthorizationErrorException'),
      'access denied (AuthorizationErrorException)',
    ],
    [named('AccessDeniedException'), 'access denied (AccessDeniedException)'],
    [named('ExpiredTokenException'), 'access denied (ExpiredTokenException)'],
    [named('ThrottlingException'), 'throttled by AWS (ThrottlingException)'],
    [named('Throttling'), 'throttled by AWS (Throttling)'],
    [
      named('LimitExceededException'),
      'throttled by AWS (LimitExceededException)',
    ],
    [
      named('CredentialsProviderError'),
      'no AWS credentials (CredentialsProviderError)',
    ],
    [named('InvalidParameterException'), 'failed (InvalidParameterException)'],
    [
      Object.assign(named('Error', 'connect ECONNREFUSED 10.0.0.1:443'), {
        code: 'ECONNREFUSED',
      }),
      'AWS out of reach (ECONNREFUSED)',
    ],
    [
      named('TimeoutError', 'socket hang up'),
      'AWS out of reach (TimeoutError)',
    ],
    // What STS's failure looks like inside a credential provider.
    [
      named(
        'Error',
        'AWS SDK error wrapper for TimeoutError: socket hang up arn:aws:iam::123456789012:role/x',
      ),
      'AWS out of reach (TimeoutError)',
    ],
    ['a string', 'failed (UnknownError)'],
  ])('%p → %p, without the message', (error, description) => {
    expect(describeAwsError(error)).toBe(description);
    expect(describeAwsError(error)).not.toContain('arn:');
  });
});

describe('isAwsNotConfigured', () => {
  it.each([
    [named('CredentialsProviderError', 'Could not load credentials'), true],
    // A credential provider's error as the SDK wraps it.
    [
      named(
        'Error',
        'AWS SDK error wrapper for CredentialsProviderError: Could not load credentials',
      ),
      true,
    ],
    [
      new Error(
        'There is no AWS integration that matches 123456789012. Please add a configuration for this AWS account.',
      ),
      true,
    ],
    [named('AccessDeniedException'), false],
    [named('TimeoutError', 'socket hang up'), false],
  ])('%p → %p', (error, expected) => {
    expect(isAwsNotConfigured(error)).toBe(expected);
  });
});
