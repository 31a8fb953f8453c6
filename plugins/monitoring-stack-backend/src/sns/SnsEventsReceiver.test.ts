import { mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { UpstreamError } from '../upstream/errors';
import { SnsEventsReceiver } from './SnsEventsReceiver';
import { SnsReceiver } from './SnsReceiver';

const envelope = {
  Type: 'Notification',
  MessageId: 'id-1',
  TopicArn: 'arn:aws:sns:eu-west-1:123456789012:team-a-alerts',
  Message: 'disk full',
  Timestamp: '2026-11-26T10:00:00.000Z',
  SignatureVersion: '2',
  Signature: 'c2ln',
  SigningCertURL:
    'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0.pem',
};

function receiverWith(...results: Array<string | Error>) {
  const accept = jest.fn();
  for (const result of results) {
    if (result instanceof Error) accept.mockRejectedValueOnce(result);
    else accept.mockResolvedValueOnce(result);
  }
  const logger = mockServices.logger.mock();
  logger.child.mockReturnValue(logger);
  const events = new SnsEventsReceiver({
    receiver: { accept } as unknown as SnsReceiver,
    eventsTopic: 'monitoring-stack-sns',
    logger,
    retryDelaysMs: [0, 0],
  });
  return { events, accept, logger };
}

describe('SnsEventsReceiver', () => {
  it('hands a queued SNS envelope to the receiver', async () => {
    const { events, accept } = receiverWith('stored');
    await expect(events.handle(envelope)).resolves.toBe('stored');
    expect(accept).toHaveBeenCalledWith(envelope);
  });

  it('retries a failure of SNS or the database, since the queue no longer holds the message', async () => {
    const { events, accept } = receiverWith(
      new UpstreamError('SNS could not be reached for the signing certificate'),
      'stored',
    );
    await expect(events.handle(envelope)).resolves.toBe('stored');
    expect(accept).toHaveBeenCalledTimes(2);
  });

  it('logs and drops a message that keeps failing, without throwing', async () => {
    const failure = new UpstreamError('SNS could not be reached');
    const { events, accept, logger } = receiverWith(failure, failure, failure);
    await expect(events.handle(envelope)).resolves.toBe('failed');
    expect(accept).toHaveBeenCalledTimes(3);
    expect(logger.error).toHaveBeenCalledWith(
      'Dropped an SNS message read from SQS after 3 attempts: SNS could not be reached',
      { messageId: 'id-1' },
    );
  });

  it('does not retry a refused message', async () => {
    const { events, accept, logger } = receiverWith(
      new NotAllowedError('The message signature does not verify'),
    );
    await expect(events.handle(envelope)).resolves.toBe('refused');
    expect(accept).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      'Refused an SNS message read from SQS: The message signature does not verify',
      { messageId: 'id-1' },
    );
  });

  it.each([
    ['a raw message', { AlarmName: 'disk-full' }],
    ['a string', 'Notification'],
    ['null', null],
    ['an array', [envelope]],
  ])('refuses %s without asking the receiver', async (_name, payload) => {
    const { events, accept } = receiverWith();
    await expect(events.handle(payload)).resolves.toBe('refused');
    expect(accept).not.toHaveBeenCalled();
  });
});
