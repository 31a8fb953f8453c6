import { ServiceUnavailableError } from '@backstage/errors';

// Errors of a database that cannot be reached, rather than of a query:
// system errors of the socket, PostgreSQL's connection-exception and
// operator-intervention classes (08xxx, 57P0x: shut down, restarting),
// pg's ended connection and knex's pool timeout.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
]);
const CONNECTION_MESSAGE =
  /Connection terminated|Connection ended unexpectedly|Client has encountered a connection error|Timeout acquiring a connection|the database system is (starting up|shutting down|in recovery mode)|SQLITE_BUSY/i;

/** Whether `error` says the database is out of reach (not a bad query). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown; message?: unknown };
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  return (
    CONNECTION_CODES.has(code) ||
    code.startsWith('08') ||
    e.name === 'KnexTimeoutError' ||
    CONNECTION_MESSAGE.test(String(e.message ?? ''))
  );
}

/**
 * Runs a database operation; a database out of reach becomes a 503 that
 * names the database and the error's code, never its address.
 */
export async function withDatabase<T>(
  what: string,
  operation: () => Promise<T>,
): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    const code = (error as { code?: unknown }).code;
    throw new ServiceUnavailableError(
      `The monitoring-stack database is unavailable, could not ${what}${
        typeof code === 'string' ? ` (${code})` : ''
      }`,
    );
  }
}
