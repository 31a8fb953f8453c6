/**
 * Masks a subscription endpoint or delivery destination so that it can be
 * shown and logged: webhook paths, email local parts and phone numbers are
 * secrets or personal data. The kind is read from the value itself, since
 * delivery-status logs carry no protocol.
 *
 * `team@example.com` → `t***@example.com`,
 * `https://hooks.example.com/services/x` → `https://hooks.example.com/***`,
 * `+4915112345678` → `***78`,
 * `arn:aws:sqs:eu-west-1:123456789012:q` → `arn:aws:sqs:eu-west-1:***`.
 *
 * @public
 */
export function maskEndpoint(endpoint: string): string {
  if (/^https?:\/\//i.test(endpoint)) {
    try {
      return `${new URL(endpoint).origin}/***`;
    } catch {
      return '***';
    }
  }
  if (endpoint.startsWith('arn:')) {
    return `${endpoint.split(':').slice(0, 4).join(':')}:***`;
  }
  const at = endpoint.lastIndexOf('@');
  if (at >= 0) {
    return at === 0 ? '***' : `${endpoint[0]}***${endpoint.slice(at)}`;
  }
  return endpoint.length > 4 ? `***${endpoint.slice(-2)}` : '***';
}
