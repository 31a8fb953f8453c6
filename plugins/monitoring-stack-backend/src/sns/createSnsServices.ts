import {
  AuditorService,
  CacheService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  DeliveryReport,
  SnsDeliveryResponse,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  audited,
  MonitoringStackAwsClients,
  TenantDirectory,
  TenantScope,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { Request } from 'express';
import { Knex } from 'knex';
import { checkTopicOwners, reportSummary } from './deliveryReport';
import { SigningCertificates } from './SigningCertificates';
import { SnsConfig } from './snsConfig';
import { SnsDeliveryStatus } from './SnsDeliveryStatus';
import { SnsEventsReceiver } from './SnsEventsReceiver';
import { SnsReceiver } from './SnsReceiver';
import { scheduleSnsRetention } from './snsRetention';
import { SnsStore } from './SnsStore';
import { knownTopicArns, topicOwners, topicsOfScope } from './snsTopics';

const CERTIFICATE_TIMEOUT_MS = 5_000;
const MAX_RECEIVED = 20;
const MAX_DELIVERIES = 50;

/** What the SNS routes call, built once by the plugin. */
export type SnsServices = {
  config: SnsConfig;
  store: SnsStore;
  receiver: SnsReceiver;
  /**
   * The delivery status of the scope's topics over `windowHours`: their
   * subscriptions, counts and failures from AWS (or, once, that AWS is not
   * configured), and the newest notifications and delivery reports received.
   */
  deliveryStatus(
    scope: TenantScope,
    windowHours: number,
  ): Promise<SnsDeliveryResponse>;
  /**
   * Stores a validated delivery report once every outcome's tenant owns its
   * topic, on record whatever the outcome.
   */
  recordDeliveries(report: DeliveryReport, request: Request): Promise<void>;
};

/**
 * Builds the SNS services, schedules the retention task and, when SNS
 * messages come through SQS, subscribes the receiver to their events topic.
 */
export async function createSnsServices(deps: {
  config: SnsConfig;
  knex: Knex;
  cache: CacheService;
  auditor: AuditorService;
  logger: LoggerService;
  scheduler: SchedulerService;
  registry: TenantDirectory;
  awsClients: MonitoringStackAwsClients;
  events: EventsService;
}): Promise<SnsServices> {
  const { config, registry } = deps;
  const store = new SnsStore(deps.knex);
  await scheduleSnsRetention({
    scheduler: deps.scheduler,
    store,
    retentionDays: config.retentionDays,
    logger: deps.logger,
  });
  const status = new SnsDeliveryStatus(
    deps.awsClients,
    deps.cache,
    deps.logger,
  );
  const receiver = new SnsReceiver({
    certificates: new SigningCertificates({
      timeoutMs: CERTIFICATE_TIMEOUT_MS,
    }),
    store,
    knownTopicArns: () => knownTopicArns(registry, config.adminTopicArns),
    maxMessageAgeSeconds: config.maxMessageAgeSeconds,
    logger: deps.logger,
  });
  const { eventsTopic, queueUrl } = config.delivery;
  if (eventsTopic !== undefined) {
    await new SnsEventsReceiver({
      receiver,
      eventsTopic,
      logger: deps.logger,
    }).subscribe(deps.events);
    if (queueUrl) {
      deps.logger.info(
        `Receiving SNS messages from SQS queue ${queueUrl} through events topic ${eventsTopic}`,
      );
    } else {
      deps.logger.warn(
        `Receiving SNS messages from events topic ${eventsTopic}, but this backend reads no SQS queue into it: set events.modules.awsSqs.awsSqsConsumingEventPublisher.topics.${eventsTopic}.queue and install @backstage/plugin-events-backend-module-aws-sqs`,
      );
    }
  }
  return {
    config,
    store,
    receiver,
    async deliveryStatus(scope, windowHours) {
      const tenant = scope.kind === 'tenant' ? scope.tenant.id : '*';
      const topicArns = topicsOfScope(scope, config.adminTopicArns);
      const [{ topics, aws }, received, deliveries] = await Promise.all([
        status.topics(tenant, topicArns, windowHours),
        store.recentNotifications(topicArns, MAX_RECEIVED),
        store.recentDeliveries(topicArns, MAX_DELIVERIES),
      ]);
      return {
        tenant,
        windowHours,
        topics,
        received,
        deliveries,
        ...(aws && { aws }),
      };
    },
    async recordDeliveries(report, request) {
      await audited(
        deps.auditor,
        {
          eventId: 'sns-delivery-report',
          severityLevel: 'medium',
          request,
          meta: reportSummary(report),
        },
        async () => {
          checkTopicOwners(
            report,
            await topicOwners(registry, config.adminTopicArns),
          );
          await store.addDeliveries(report.deliveries, new Date());
        },
      );
    },
  };
}
