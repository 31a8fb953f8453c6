import { describeAwsError } from './awsErrors';

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
    ['a string', 'failed (UnknownError)'],
  ])('%p → %p, without the message', (error, description) => {
    expect(describeAwsError(error)).toBe(description);
    expect(describeAwsError(error)).not.toContain('arn:');
  });
});
