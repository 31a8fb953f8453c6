import { HttpError } from './channels/webhook';
import { isRetryableError, RetryError, withRetry } from './retry';

const awsError = (name: string, httpStatusCode: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });

describe('isRetryableError', () => {
  it.each([
    [new HttpError(500), true],
    [new HttpError(503), true],
    [new HttpError(429), true],
    [new HttpError(400), false],
    [new HttpError(404), false],
    [awsError('TooManyRequestsException', 429), true],
    [awsError('ThrottlingException', 400), true],
    [awsError('Throttling', 400), true],
    [awsError('InternalFailure', 500), true],
    [awsError('MessageRejected', 400), false],
    [awsError('InvalidParameter', 400), false],
    [new Error('boom'), false],
    ['string', false],
  ])('%p → %p', (error, retryable) => {
    expect(isRetryableError(error)).toBe(retryable);
  });
});

describe('withRetry', () => {
  it('backs off exponentially until the call succeeds', async () => {
    const sleep = jest.fn(async () => {});
    const fn = jest
      .fn()
      .mockRejectedValueOnce(new HttpError(502))
      .mockRejectedValueOnce(new HttpError(429))
      .mockResolvedValueOnce(undefined);

    const result = await withRetry(fn, {
      maxAttempts: 4,
      baseDelayMs: 100,
      sleep,
    });

    expect(result).toEqual({ attempts: 3 });
    expect(sleep.mock.calls).toEqual([[100], [200]]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const sleep = jest.fn(async () => {});
    const last = new HttpError(503);
    const fn = jest.fn().mockRejectedValue(last);

    const error = await withRetry(fn, {
      maxAttempts: 3,
      baseDelayMs: 10,
      sleep,
    }).catch(e => e);

    expect(error).toBeInstanceOf(RetryError);
    expect(error).toMatchObject({ attempts: 3, cause: last });
    expect(fn).toHaveBeenCalledTimes(3);
    expect(sleep.mock.calls).toEqual([[10], [20]]);
  });

  it('does not retry errors that will not go away', async () => {
    const sleep = jest.fn(async () => {});
    const fn = jest.fn().mockRejectedValue(new HttpError(403));

    const error = await withRetry(fn, {
      maxAttempts: 4,
      baseDelayMs: 10,
      sleep,
    }).catch(e => e);

    expect(error).toMatchObject({ attempts: 1 });
    expect(sleep).not.toHaveBeenCalled();
  });
});
