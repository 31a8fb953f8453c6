/**
 * A short, safe description of an AWS SDK error for a response: what kind of
 * failure it was and the error's name, never its message (which can name
 * principals and resources of the account).
 */
export function describeAwsError(error: unknown): string {
  const name = error instanceof Error ? error.name : 'UnknownError';
  if (
    /AccessDenied|Authorization|UnrecognizedClient|InvalidClientTokenId|ExpiredToken/i.test(
      name,
    )
  ) {
    return `access denied (${name})`;
  }
  if (
    /Throttl|TooManyRequests|RequestLimitExceeded|LimitExceeded/i.test(name)
  ) {
    return `throttled by AWS (${name})`;
  }
  if (/CredentialsProvider/i.test(name)) {
    return `no AWS credentials (${name})`;
  }
  return `failed (${name})`;
}
