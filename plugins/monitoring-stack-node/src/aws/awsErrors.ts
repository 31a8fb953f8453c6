/**
 * The error's name; for the SDK's wrapper around an error it did not make
 * itself (a credential provider's call to STS), the wrapped error's name.
 */
function errorName(error: unknown): string {
  if (!(error instanceof Error)) return 'UnknownError';
  const wrapped = /^AWS SDK error wrapper for (\w+)/.exec(error.message);
  return wrapped?.[1] ?? error.name;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/**
 * The one description of an AWS SDK error wherever it reaches a caller or
 * the store (SNS status, the CloudTrail reader's last error, /health): what
 * kind of failure it was and the error's name, never its message (which
 * names role ARNs, account ids and resources of the account).
 * @public
 */
export function describeAwsError(error: unknown): string {
  const name = errorName(error);
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
  // Node's socket errors carry a code, not a name of their own.
  const code = (error as { code?: unknown } | undefined)?.code;
  if (
    (typeof code === 'string' && NETWORK_CODES.has(code)) ||
    /Timeout/i.test(name)
  ) {
    return `AWS out of reach (${typeof code === 'string' ? code : name})`;
  }
  return `failed (${name})`;
}

/**
 * True for an error that says AWS is not set up, rather than that it
 * refused or failed: the SDK's provider chain found no credentials
 * (`CredentialsProviderError`), or Backstage's `aws` integration has no
 * entry for the account.
 * @public
 */
export function isAwsNotConfigured(error: unknown): boolean {
  return (
    error instanceof Error &&
    (errorName(error) === 'CredentialsProviderError' ||
      /There is no AWS integration that matches/.test(error.message))
  );
}

/** What to configure when AWS is not set up for `accounts`. @public */
export function awsNotConfiguredMessage(accounts: string[]): string {
  const which =
    accounts.length === 0
      ? ''
      : ` for account${accounts.length > 1 ? 's' : ''} ${accounts.join(', ')}`;
  return `No AWS credentials${which}: configure aws.mainAccount or aws.accounts in app-config`;
}
