import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/** The AWS clients the SNS delivery status reads with, one set per region. */
export interface SnsAwsClients {
  sns(region: string): SNSClient;
  cloudWatch(region: string): CloudWatchClient;
  logs(region: string): CloudWatchLogsClient;
}

/**
 * Clients with only a region: credentials come from the SDK's default
 * provider chain (environment, web identity, instance role), never from us.
 */
class RegionalAwsClients implements SnsAwsClients {
  private readonly clients = new Map<
    string,
    SNSClient | CloudWatchClient | CloudWatchLogsClient
  >();

  sns(region: string) {
    return this.client(`sns:${region}`, () => new SNSClient({ region }));
  }

  cloudWatch(region: string) {
    return this.client(
      `cloudwatch:${region}`,
      () => new CloudWatchClient({ region }),
    );
  }

  logs(region: string) {
    return this.client(
      `logs:${region}`,
      () => new CloudWatchLogsClient({ region }),
    );
  }

  private client<T extends SNSClient | CloudWatchClient | CloudWatchLogsClient>(
    key: string,
    create: () => T,
  ): T {
    let client = this.clients.get(key) as T | undefined;
    if (!client) {
      client = create();
      this.clients.set(key, client);
    }
    return client;
  }
}

/** Where the plugin gets its AWS clients; tests replace the factory. */
export const snsAwsClientsServiceRef = createServiceRef<SnsAwsClients>({
  id: 'monitoring-stack.sns.aws-clients',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => new RegionalAwsClients(),
    }),
});
