import {
  reportedFailure,
  unreachableError,
  UpstreamError,
  UpstreamTimeoutError,
  withoutAddresses,
} from './errors';

/** A Node system error as `net` raises it for a refused connection. */
const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:9093'), {
    code: 'ECONNREFUSED',
    syscall: 'connect',
    address: '10.0.0.7',
    port: 9093,
  });

describe('withoutAddresses', () => {
  it.each([
    ['connect ECONNREFUSED 10.0.0.7:9093', refused(), 'connect ECONNREFUSED'],
    [
      'getaddrinfo ENOTFOUND alertmanager.monitoring.svc',
      { hostname: 'alertmanager.monitoring.svc' },
      'getaddrinfo ENOTFOUND',
    ],
    [
      'request to https://svc:s3cret@pd.internal:8443/x failed',
      undefined,
      'request to *** failed',
    ],
    ['upstream 192.168.1.20:80 reset', undefined, 'upstream *** reset'],
    [
      'sent Authorization: Bearer abc.def',
      undefined,
      'sent Authorization: Bearer ***',
    ],
    [
      'Loki answered /ready with HTTP 503',
      undefined,
      'Loki answered /ready with HTTP 503',
    ],
  ])('%p without addresses', (text, error, expected) => {
    expect(withoutAddresses(text, error)).toBe(expected);
  });
});

describe('reportedFailure', () => {
  it('tells an upstream that gave no answer, with the cause in words and no address', () => {
    const error = unreachableError('Alertmanager', refused());
    expect(error.message).toBe('Alertmanager is unreachable (ECONNREFUSED)');
    expect(reportedFailure(error)).toEqual({
      reason: 'unreachable',
      message: 'Alertmanager is unreachable (ECONNREFUSED)',
      detail: 'connection refused',
    });
  });

  it('counts a timeout as unreachable and anything else as failed', () => {
    expect(
      reportedFailure(
        new UpstreamTimeoutError('Loki did not answer /ready within 200 ms'),
      ),
    ).toEqual({
      reason: 'unreachable',
      message: 'Loki did not answer /ready within 200 ms',
    });
    expect(
      reportedFailure(new UpstreamError('Loki answered /x with HTTP 500')),
    ).toEqual({ reason: 'failed', message: 'Loki answered /x with HTTP 500' });
    expect(
      reportedFailure(new Error('fetching http://10.0.0.7/x broke'), 'Loki'),
    ).toEqual({ reason: 'failed', message: 'Loki: fetching *** broke' });
  });
});
