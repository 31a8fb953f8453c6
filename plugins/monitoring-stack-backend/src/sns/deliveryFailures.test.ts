import { failureLogGroup, parseFailureLine } from './deliveryFailures';

describe('failureLogGroup', () => {
  it('names the documented delivery-status log group', () => {
    expect(
      failureLogGroup({
        partition: 'aws',
        region: 'eu-west-1',
        accountId: '123456789012',
        name: 'team-a-alerts',
      }),
    ).toBe('sns/eu-west-1/123456789012/team-a-alerts/Failure');
  });
});

// Shaped like the documented delivery-status log lines.
const httpFailure = JSON.stringify({
  notification: {
    messageMD5Sum: '3b0a1f6e5c2b4d7a8e9f0a1b2c3d4e5f',
    messageId: 'msg-1',
    topicArn: 'arn:aws:sns:eu-west-1:123456789012:team-a-alerts',
    timestamp: '2026-11-26 10:00:00.000',
  },
  delivery: {
    deliveryId: 'd-1',
    destination: 'https://hooks.example.com/services/T000/B000/SECRET',
    providerResponse:
      'invalid_token for https://hooks.example.com/services/T000/B000/SECRET',
    dwellTimeMs: 120,
    attempts: 3,
    statusCode: 403,
  },
  status: 'FAILURE',
});
const smsFailure = JSON.stringify({
  notification: { messageId: 'msg-2', timestamp: '2026-11-26T10:05:00.000Z' },
  delivery: {
    phoneCarrier: 'Carrier',
    destination: '+4915112345678',
    smsType: 'Transactional',
    providerResponse: 'Phone is currently unreachable/unavailable',
    dwellTimeMs: 1000,
  },
  status: 'FAILURE',
});

describe('parseFailureLine', () => {
  it.each([
    [
      'an HTTPS failure, destination and URLs in the response masked',
      httpFailure,
      Date.UTC(2026, 10, 26, 10, 0, 1),
      {
        at: '2026-11-26T10:00:01.000Z',
        messageId: 'msg-1',
        endpoint: 'https://hooks.example.com/***',
        statusCode: 403,
        reason: 'invalid_token for https://hooks.example.com/***',
      },
    ],
    [
      'an SMS failure without a log time, at the notification time',
      smsFailure,
      undefined,
      {
        at: '2026-11-26T10:05:00.000Z',
        messageId: 'msg-2',
        endpoint: '***78',
        reason: 'Phone is currently unreachable/unavailable',
      },
    ],
    [
      'a failure without a provider response',
      JSON.stringify({ notification: {}, delivery: {}, status: 'FAILURE' }),
      Date.UTC(2026, 10, 26),
      { at: '2026-11-26T00:00:00.000Z', reason: 'Delivery failed' },
    ],
    [
      'a success line',
      JSON.stringify({ notification: {}, delivery: {}, status: 'SUCCESS' }),
      0,
      undefined,
    ],
    ['a line that is not JSON', 'START RequestId', 0, undefined],
    ['JSON null', 'null', 0, undefined],
  ])('%s', (_name, line, loggedAt, expected) => {
    expect(parseFailureLine(line, loggedAt)).toEqual(expected);
  });

  it('keeps a long provider response to one line of a card', () => {
    const line = JSON.stringify({
      notification: {},
      delivery: { providerResponse: 'x'.repeat(1000) },
      status: 'FAILURE',
    });
    expect(parseFailureLine(line, 0)?.reason).toHaveLength(300);
  });
});
