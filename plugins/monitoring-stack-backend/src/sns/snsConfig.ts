import { Config } from '@backstage/config';
import { MonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { serviceSubjectProblem } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { positiveNumber } from '../lib/configValues';

/** Settings of the SNS receiver, delivery report endpoint and status route. */
export type SnsConfig = {
  /** Days received notifications and delivery reports are kept. */
  retentionDays: number;
  /** Oldest message Timestamp the receiver accepts, in seconds. */
  maxMessageAgeSeconds: number;
  /**
   * Topics of the admin stack (alerts, CloudTrail), accepted besides the
   * tenants' topics: the shared settings' `admin.alertsTopicArn` and
   * `cloudTrailTopicArn`, as the catalog shows them.
   */
  adminTopicArns: string[];
  /** Service principals (full subjects) allowed to report deliveries; none when empty. */
  notifierSubjects: string[];
  /** How SNS messages reach the receiver. */
  delivery: SnsDelivery;
};

/** How SNS messages reach the receiver: `monitoringStack.sns.delivery` and `eventsTopic`. */
export type SnsDelivery = {
  /** SNS posts them to `POST /sns/receive` (delivery `https` or `both`). */
  https: boolean;
  /**
   * The events topic that the events backend's SQS module publishes the
   * queue's messages to (delivery `sqs` or `both`).
   */
  eventsTopic?: string;
  /** The queue this backend's SQS module reads into `eventsTopic`, if any. */
  queueUrl?: string;
};

const PREFIX = 'monitoringStack.sns';
const DELIVERIES = ['https', 'sqs', 'both'];
// Where the events backend's SQS module reads the queue of each events topic.
const SQS_TOPICS = 'events.modules.awsSqs.awsSqsConsumingEventPublisher.topics';
// A key of that block, as @backstage/config reads one.
const CONFIG_KEY = /^[a-z][a-z0-9]*(?:[-_:][a-z0-9]+)*$/i;

function readDelivery(config: Config, sns: Config | undefined): SnsDelivery {
  const delivery = sns?.getOptionalString('delivery') ?? 'https';
  if (!DELIVERIES.includes(delivery)) {
    throw new Error(
      `${PREFIX}.delivery: must be one of ${DELIVERIES.join(
        ', ',
      )}, not ${delivery}`,
    );
  }
  const eventsTopic = sns?.getOptionalString('eventsTopic');
  if (delivery === 'https') {
    if (eventsTopic !== undefined) {
      throw new Error(
        `${PREFIX}.eventsTopic: set, but ${PREFIX}.delivery is https; set delivery to sqs or both to read SNS messages from SQS`,
      );
    }
    return { https: true };
  }
  if (eventsTopic === undefined) {
    throw new Error(
      `${PREFIX}.eventsTopic: required when ${PREFIX}.delivery is ${delivery}; name the topic of ${SQS_TOPICS} that reads the queue`,
    );
  }
  if (!CONFIG_KEY.test(eventsTopic)) {
    throw new Error(
      `${PREFIX}.eventsTopic: must be usable as a key of ${SQS_TOPICS} (letters and digits, joined by - _ or :), not ${JSON.stringify(
        eventsTopic,
      )}`,
    );
  }
  return {
    https: delivery === 'both',
    eventsTopic,
    queueUrl: config
      .getOptionalConfig(SQS_TOPICS)
      ?.getOptionalConfig(eventsTopic)
      ?.getOptionalString('queue.url'),
  };
}

/** Reads `monitoringStack.sns`, failing at start on bad values. */
export function readSnsConfig(
  config: Config,
  settings: MonitoringStackSettings,
): SnsConfig {
  const sns = config.getOptionalConfig(PREFIX);
  const { alertsTopicArn, cloudTrailTopicArn } = settings.admin;
  return {
    retentionDays: positiveNumber(sns, PREFIX, 'retentionDays', 30),
    maxMessageAgeSeconds: positiveNumber(
      sns,
      PREFIX,
      'maxMessageAgeSeconds',
      3600,
    ),
    adminTopicArns: [alertsTopicArn, cloudTrailTopicArn].filter(
      (arn): arn is string => arn !== undefined,
    ),
    notifierSubjects: (
      sns?.getOptionalStringArray('notifierSubjects') ?? []
    ).map((subject, i) => {
      const refused = serviceSubjectProblem(subject);
      if (refused)
        throw new Error(`${PREFIX}.notifierSubjects[${i}]: ${refused}`);
      return subject;
    }),
    delivery: readDelivery(config, sns),
  };
}
