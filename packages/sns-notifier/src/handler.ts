import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SNSEvent, SNSEventRecord } from 'aws-lambda';
import { loadSettings, type NotifierConfig, type Settings } from './config';
import { sendToDeadLetterQueue } from './deadLetter';
import { deliver } from './deliver';
import { postDeliveryReport, type DeliveryOutcome } from './deliveryReport';
import { jsonConsoleLogger, type Logger } from './logger';
import { maskTarget } from './mask';
import { notificationsFromMessage } from './payloads';
import { DEFAULT_RETRY, type RetryOptions } from './retry';
import { routeFor } from './routing';
import { fixedRoutingDocument, type RoutingDocument } from './routingDocument';
import { s3RoutingDocument } from './s3Document';

/** Lambda partial batch response: the records to retry. */
export type BatchResponse = {
  batchItemFailures: Array<{ itemIdentifier: string }>;
};

/** Everything the handler depends on, injectable for tests. */
export type HandlerDependencies = Omit<Settings, 'routing'> & {
  /** The routing document; each batch is routed with the one current when it starts. */
  routing: RoutingDocument;
  ses: SESv2Client;
  sns: SNSClient;
  sqs: SQSClient;
  logger?: Logger;
  retry?: RetryOptions;
  now?: () => Date;
};

/** Builds the Lambda handler from its dependencies. */
export function createHandler(deps: HandlerDependencies) {
  const logger = deps.logger ?? jsonConsoleLogger;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const now = deps.now ?? (() => new Date());
  const context = {
    ses: deps.ses,
    sns: deps.sns,
    emailFrom: deps.emailFrom,
    retry,
  };

  async function deliverRecord(record: SNSEventRecord, config: NotifierConfig) {
    const { MessageId: messageId, TopicArn: topicArn } = record.Sns;
    const notifications = notificationsFromMessage(
      record.Sns.Message,
      record.Sns.Subject,
      record.Sns.MessageAttributes,
    );
    const outcomes: DeliveryOutcome[] = [];
    for (const notification of notifications) {
      const { tenant, targets } = routeFor(
        topicArn,
        notification.severity,
        config,
      );
      const labelTenants = (notification.labelTenants ?? []).filter(
        t => t !== tenant,
      );
      if (labelTenants.length > 0) {
        // A spoofed label or a route pointing at the wrong topic; either way the topic decides.
        logger.warn(
          "alert labels name another tenant than the topic's; delivered to the topic's tenant only",
          { messageId, tenant, labelTenants },
        );
      }
      logger.info('routing notification', {
        messageId,
        source: notification.source,
        tenant,
        severity: notification.severity,
        targets: targets.length,
      });
      const results = await Promise.all(
        targets.map(async target => ({
          target,
          result: await deliver(notification, target, context),
        })),
      );
      for (const { target, result } of results) {
        outcomes.push({
          messageId,
          topicArn,
          tenant,
          channel: target.channel,
          target: maskTarget(target),
          ...result,
          at: now().toISOString(),
        });
      }
    }
    return outcomes;
  }

  /** Dead-letters a record with failed deliveries; false if that failed too. */
  async function deadLetter(
    record: SNSEventRecord,
    failures: DeliveryOutcome[],
  ) {
    const { MessageId: messageId } = record.Sns;
    if (!deps.dlqUrl) {
      logger.error('delivery failed and DLQ_URL is not set', { messageId });
      return false;
    }
    try {
      await sendToDeadLetterQueue(deps.sqs, deps.dlqUrl, {
        reason: failures
          .map(f => `${f.channel} ${f.target}: ${f.error}`)
          .join('; '),
        messageId,
        topicArn: record.Sns.TopicArn,
        subject: record.Sns.Subject,
        message: record.Sns.Message,
        timestamp: record.Sns.Timestamp,
        failures,
      });
      logger.warn('delivery failed; message dead-lettered', { messageId });
      return true;
    } catch (error) {
      logger.error('delivery failed and dead-lettering failed', {
        messageId,
        error: String(error),
      });
      return false;
    }
  }

  async function routingDocument(): Promise<NotifierConfig> {
    try {
      return await deps.routing.current();
    } catch (error) {
      // Nothing to route with: the invocation fails, Lambda retries it, then dead-letters it.
      logger.error('no routing document; the invocation fails', {
        error: String(error),
      });
      throw error;
    }
  }

  return async function handleEvent(event: SNSEvent): Promise<BatchResponse> {
    const config = await routingDocument();
    const perRecord = await Promise.all(
      event.Records.map(async record => {
        const outcomes = await deliverRecord(record, config);
        const failures = outcomes.filter(o => o.status === 'failed');
        const settled =
          failures.length === 0 || (await deadLetter(record, failures));
        return { record, outcomes, settled };
      }),
    );

    const deliveries = perRecord.flatMap(r => r.outcomes);
    if (deps.backend && deliveries.length > 0) {
      await postDeliveryReport(deps.backend, { deliveries }, logger);
    }
    return {
      batchItemFailures: perRecord
        .filter(r => !r.settled)
        .map(r => ({ itemIdentifier: r.record.Sns.MessageId })),
    };
  };
}

// The SDK's own retries are off: withRetry is the one retry policy, with one attempt count to report.
const clientOptions = { maxAttempts: 1 };

/** The handler's dependencies as the environment describes them. */
function dependenciesFromEnvironment(
  env: Record<string, string | undefined>,
): HandlerDependencies {
  const { routing, ...settings } = loadSettings(env);
  return {
    ...settings,
    routing:
      routing.type === 'fixed'
        ? fixedRoutingDocument(routing.config)
        : s3RoutingDocument({
            // The SDK's own retries stay on for this read: one that still fails keeps the last good document.
            s3: new S3Client({}),
            location: routing,
            refreshSeconds: routing.refreshSeconds,
            emailFrom: settings.emailFrom,
            logger: jsonConsoleLogger,
          }),
    ses: new SESv2Client(clientOptions),
    sns: new SNSClient(clientOptions),
    sqs: new SQSClient(clientOptions),
  };
}

let coldStartHandler: ((event: SNSEvent) => Promise<BatchResponse>) | undefined;

/**
 * The Lambda entry point (`index.handler`); reads its settings from the
 * environment on the first call, and the routing document from where they say.
 */
export async function handler(event: SNSEvent): Promise<BatchResponse> {
  coldStartHandler ??= createHandler(dependenciesFromEnvironment(process.env));
  return coldStartHandler(event);
}
