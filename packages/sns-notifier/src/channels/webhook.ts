/** A webhook answered with a non-2xx status. The message carries no URL, since webhook URLs are secrets. */
export class HttpError extends Error {
  name = 'HttpError';
  constructor(readonly status: number) {
    super(`webhook answered HTTP ${status}`);
  }
}

// A hanging webhook must not use up the Lambda's whole timeout.
const TIMEOUT_MS = 10_000;

/** POSTs a JSON body to a chat webhook; throws {@link HttpError} on a non-2xx answer. */
export async function postJson(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) {
    throw new HttpError(response.status);
  }
}
