/**
 * What the fault tests add to the backend: a database, AWS clients at local
 * endpoints, the SNS signing certificate. Kept here, among the test
 * utilities, with the test-only packages they use.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { awsClientsServiceRef } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { Knex } from 'knex';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  createTestCertificate,
  signSnsMessage,
  TEST_CERT_URL,
} from '../../sns/__testUtils__/snsSigner';
import { TOPIC_A } from '../../sns/__testUtils__/snsFixtures';

export {
  SNS_CONFIG,
  SNS_TENANTS,
  TOPIC_A,
} from '../../sns/__testUtils__/snsFixtures';

/** The plugin's database service on the given knex. */
export const databaseOn = (knex: Knex) =>
  mockServices.database.factory({ knex });

/**
 * AWS clients that all go to `endpoint` (a closed port makes every AWS
 * call fail at once), with static test credentials.
 */
export function awsClientsAt(endpoint: string) {
  return createServiceFactory({
    service: awsClientsServiceRef,
    deps: {},
    factory: () => {
      const config = {
        region: 'eu-west-1',
        endpoint,
        credentials: { accessKeyId: 'AKIAFAULTS', secretAccessKey: 'faults' },
        maxAttempts: 1,
      };
      const sns = new SNSClient(config);
      const cloudWatch = new CloudWatchClient(config);
      const logs = new CloudWatchLogsClient(config);
      const cloudTrail = new CloudTrailClient(config);
      const secretsManager = new SecretsManagerClient(config);
      return {
        sns: async () => sns,
        cloudWatch: async () => cloudWatch,
        logs: async () => logs,
        cloudTrail: async () => cloudTrail,
        secretsManager: async () => secretsManager,
      };
    },
  });
}

/** Signs SNS notifications (of team-a's topic unless told) and serves their certificate (msw). */
export function snsSigning() {
  const { privateKey, certificatePem } = createTestCertificate();
  const server = setupServer(
    http.get(
      TEST_CERT_URL,
      () =>
        new HttpResponse(certificatePem, {
          headers: { 'Content-Type': 'application/x-x509-ca-cert' },
        }),
    ),
  );
  let sequence = 0;
  return {
    listen: () => server.listen({ onUnhandledRequest: 'bypass' }),
    close: () => server.close(),
    certificatePem,
    /** A signed notification of team-a's topic, as the body SNS posts. */
    notification(
      messageId = `fault-msg-${Date.now()}-${++sequence}`,
      topicArn = TOPIC_A,
    ) {
      return {
        messageId,
        body: JSON.stringify(
          signSnsMessage(
            {
              Type: 'Notification',
              MessageId: messageId,
              TopicArn: topicArn,
              Subject: 'ALARM: disk full',
              Message: '{"AlarmName":"disk-full"}',
              Timestamp: new Date().toISOString(),
              UnsubscribeURL:
                'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=x',
            },
            privateKey,
          ),
        ),
      };
    },
  };
}
