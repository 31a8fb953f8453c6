import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';

/** Where an AWS resource lives: its region and, when known, its account. @public */
export type AwsLocation = { region: string; accountId?: string };

/** The AWS clients of the plugin, one per service, region and account. @public */
export interface MonitoringStackAwsClients {
  sns(at: AwsLocation): Promise<SNSClient>;
  cloudWatch(at: AwsLocation): Promise<CloudWatchClient>;
  logs(at: AwsLocation): Promise<CloudWatchLogsClient>;
  cloudTrail(at: AwsLocation): Promise<CloudTrailClient>;
  secretsManager(at: AwsLocation): Promise<SecretsManagerClient>;
}

type AnyClient =
  | SNSClient
  | CloudWatchClient
  | CloudWatchLogsClient
  | CloudTrailClient
  | SecretsManagerClient;
type ClientConfig = {
  region: string;
  credentials: Awaited<
    ReturnType<AwsCredentialsManager['getCredentialProvider']>
  >['sdkCredentialProvider'];
};

/**
 * Clients whose credentials come from Backstage's `aws` integration config
 * (`aws.mainAccount`, `aws.accounts[]` with role to assume, per account id),
 * falling back to the SDK's default provider chain; never from us, and never
 * logged.
 * @public
 */
export class IntegrationAwsClients implements MonitoringStackAwsClients {
  private readonly clients = new Map<string, Promise<AnyClient>>();

  constructor(private readonly credentials: AwsCredentialsManager) {}

  sns(at: AwsLocation) {
    return this.client('sns', at, c => new SNSClient(c));
  }

  cloudWatch(at: AwsLocation) {
    return this.client('cloudwatch', at, c => new CloudWatchClient(c));
  }

  logs(at: AwsLocation) {
    return this.client('logs', at, c => new CloudWatchLogsClient(c));
  }

  // The CloudTrail reader backs off itself, so the SDK does not retry.
  cloudTrail(at: AwsLocation) {
    return this.client(
      'cloudtrail',
      at,
      c => new CloudTrailClient({ ...c, maxAttempts: 1 }),
    );
  }

  secretsManager(at: AwsLocation) {
    return this.client('secretsmanager', at, c => new SecretsManagerClient(c));
  }

  private client<T extends AnyClient>(
    service: string,
    at: AwsLocation,
    create: (config: ClientConfig) => T,
  ): Promise<T> {
    const key = `${service}:${at.region}:${at.accountId ?? ''}`;
    let client = this.clients.get(key) as Promise<T> | undefined;
    if (!client) {
      client = this.credentials
        .getCredentialProvider(
          at.accountId ? { accountId: at.accountId } : undefined,
        )
        .then(({ sdkCredentialProvider }) =>
          create({ region: at.region, credentials: sdkCredentialProvider }),
        );
      // A failed credential lookup is tried again next time.
      client.catch(() => this.clients.delete(key));
      this.clients.set(key, client);
    }
    return client;
  }
}

/** Where the plugin gets its AWS clients; tests replace the factory. @public */
export const awsClientsServiceRef = createServiceRef<MonitoringStackAwsClients>(
  {
    id: 'monitoring-stack.aws-clients',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { config: coreServices.rootConfig },
        factory: ({ config }) =>
          new IntegrationAwsClients(
            DefaultAwsCredentialsManager.fromConfig(config),
          ),
      }),
  },
);
