import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_SNS_TOPIC_ARNS } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { TEST_TENANTS } from '../../__testUtils__/gatewayBackend';

/** team-a's topic (eu-west-1). */
export const TOPIC_A = 'arn:aws:sns:eu-west-1:123456789012:team-a-alerts';
/** team-b's topic, in another region and account. */
export const TOPIC_B = 'arn:aws:sns:us-east-1:210987654321:team-b-alerts';
/** The admin stack's alerts topic. */
export const ADMIN_TOPIC = 'arn:aws:sns:eu-west-1:123456789012:admin-alerts';
/** A topic no tenant owns. */
export const UNKNOWN_TOPIC = 'arn:aws:sns:eu-west-1:123456789012:someone-else';

const withTopics = (entity: Entity, arns: string[]): Entity => ({
  ...entity,
  metadata: {
    ...entity.metadata,
    annotations: {
      ...entity.metadata.annotations,
      [ANNOTATION_SNS_TOPIC_ARNS]: arns.join(','),
    },
  },
});

/** The gateway test tenants with SNS topics: team-a and team-b one each, team-c none. */
export const SNS_TENANTS = [
  withTopics(TEST_TENANTS[0], [TOPIC_A]),
  withTopics(TEST_TENANTS[1], [TOPIC_B]),
  TEST_TENANTS[2],
];

/** `monitoringStack` config of the SNS tests. */
export const SNS_CONFIG = {
  sns: { notifierSubjects: ['sns-notifier'] },
  admin: { alertsTopicArn: ADMIN_TOPIC },
};
