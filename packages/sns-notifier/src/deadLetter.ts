import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryOutcome } from './deliveryReport';

/** What is kept of an SNS message that could not be delivered, so it can be replayed. */
export type DeadLetter = {
  reason: string;
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  timestamp: string;
  /** The failed deliveries, targets masked. */
  failures: DeliveryOutcome[];
};

/** Sends an undeliverable message to the dead-letter queue. */
export async function sendToDeadLetterQueue(
  sqs: SQSClient,
  queueUrl: string,
  letter: DeadLetter,
): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(letter),
      MessageAttributes: {
        reason: {
          DataType: 'String',
          StringValue: letter.reason.slice(0, 256),
        },
      },
    }),
  );
}
