import { createHash, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

type QueuedMessage = {
  messageId: string;
  body: string;
  receiptHandle?: string;
};

/** What the stand-in saw: each call's X-Amz-Target and whether it was signed. */
export type SqsCall = { target: string; signed: boolean };

/**
 * One SQS queue on 127.0.0.1, answering the calls the events backend's SQS
 * module makes, in SQS's AWS JSON 1.0 protocol (API version 2012-11-05):
 * `ReceiveMessage` (at most `MaxNumberOfMessages`, each with the MD5 of its
 * body, which the SDK checks; a received message stays in flight until it
 * is deleted) and `DeleteMessageBatch` (by receipt handle).
 */
export async function startSqsStandIn(queueName = 'portal-sns') {
  const queue: QueuedMessage[] = [];
  const calls: SqsCall[] = [];
  let deleted = 0;

  const handle = async (target: string, input: any) => {
    switch (target) {
      case 'AmazonSQS.ReceiveMessage': {
        const max = input.MaxNumberOfMessages ?? 1;
        const batch = queue.filter(m => !m.receiptHandle).slice(0, max);
        for (const m of batch) m.receiptHandle = randomUUID();
        return batch.length === 0
          ? {}
          : {
              Messages: batch.map(m => ({
                MessageId: m.messageId,
                ReceiptHandle: m.receiptHandle,
                MD5OfBody: createHash('md5').update(m.body).digest('hex'),
                Body: m.body,
              })),
            };
      }
      case 'AmazonSQS.DeleteMessageBatch': {
        const successful = [];
        for (const entry of input.Entries ?? []) {
          const at = queue.findIndex(
            m => m.receiptHandle === entry.ReceiptHandle,
          );
          if (at >= 0) {
            queue.splice(at, 1);
            deleted += 1;
          }
          // SQS answers success for a handle already deleted, too.
          successful.push({ Id: entry.Id });
        }
        return { Successful: successful, Failed: [] };
      }
      default:
        return undefined;
    }
  };

  const readBody = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text;
  };

  const server: Server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    calls.push({
      target,
      signed: String(req.headers.authorization ?? '').startsWith(
        'AWS4-HMAC-SHA256 Credential=',
      ),
    });
    let output;
    try {
      output = await handle(target, JSON.parse((await readBody(req)) || '{}'));
    } catch {
      output = undefined;
    }
    res.setHeader('Content-Type', 'application/x-amz-json-1.0');
    if (output === undefined) {
      res.statusCode = 400;
      res.end(
        JSON.stringify({
          __type: 'com.amazonaws.sqs#InvalidAction',
          message: `${target} is not served here`,
        }),
      );
      return;
    }
    res.end(JSON.stringify(output));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    /** The SDK's endpoint. */
    endpoint,
    /** The queue URL, of SQS's form, on the stand-in. */
    queueUrl: `${endpoint}/123456789012/${queueName}`,
    /** Every call received. */
    calls,
    /** Queues a message with this body, as SNS's delivery to the queue does. */
    send(body: string) {
      queue.push({ messageId: randomUUID(), body });
    },
    /** Messages not deleted yet, in flight or not. */
    get depth() {
      return queue.length;
    },
    /** Messages deleted so far. */
    get deleted() {
      return deleted;
    },
    /** Deletes every message, as SQS's PurgeQueue does. */
    purge() {
      queue.length = 0;
    },
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** The stand-in queue {@link startSqsStandIn} returns. */
export type SqsStandIn = Awaited<ReturnType<typeof startSqsStandIn>>;
