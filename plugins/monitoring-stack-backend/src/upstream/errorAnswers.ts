import { withoutAddresses } from './errors';

/** The error types of Prometheus' HTTP API; any other is reported as `internal`. */
const PROMETHEUS_ERROR_TYPES = new Set([
  'timeout',
  'canceled',
  'execution',
  'bad_data',
  'internal',
  'unavailable',
  'not_found',
  'not_acceptable',
]);

const MAX_MESSAGE_CHARS = 500;

/**
 * An upstream's error text as a caller may read it: no label sets (a Thanos
 * partial-response error lists the stores' `{tenant="team-b"}`, a
 * many-to-many error the series it found), no `host:port` (store
 * addresses), and withoutAddresses' masking of URLs, IP addresses and auth
 * values; at most MAX_MESSAGE_CHARS.
 */
export function sanitisedMessage(text: string): string {
  const out = withoutAddresses(
    text
      .replace(/\{[^{}]*=[^{}]*\}/g, '{…}')
      .replace(/\b(?=[a-z0-9.-]*[a-z])[a-z0-9][a-z0-9.-]*:\d{2,5}\b/gi, '***'),
  );
  return out.length > MAX_MESSAGE_CHARS
    ? `${out.slice(0, MAX_MESSAGE_CHARS)}…`
    : out;
}

/**
 * The answer a caller gets for an upstream's error answer: in the shape the
 * upstream used, so Grafana still reads it (Prometheus'
 * `{status, errorType, error}`, `{message}` as Loki and Alertmanager send,
 * a JSON string, or text), with only the error type and a sanitised
 * message; never the upstream's body as it was.
 */
export function sanitisedErrorAnswer(text: string): {
  contentType: string;
  body: string;
} {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {
      contentType: 'text/plain; charset=utf-8',
      body: sanitisedMessage(text),
    };
  }
  const json = (value: unknown) => ({
    contentType: 'application/json',
    body: JSON.stringify(value),
  });
  if (typeof parsed === 'string') return json(sanitisedMessage(parsed));
  const fields = (parsed ?? {}) as Record<string, unknown>;
  if (typeof fields.error === 'string') {
    const errorType = String(fields.errorType);
    return json({
      status: 'error',
      errorType: PROMETHEUS_ERROR_TYPES.has(errorType) ? errorType : 'internal',
      error: sanitisedMessage(fields.error),
    });
  }
  return json({
    message:
      typeof fields.message === 'string'
        ? sanitisedMessage(fields.message)
        : 'the upstream answered with an error',
  });
}
