import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { RootConfigService } from '@backstage/backend-plugin-api';
import { SecretsManagerTenantGrafanaCredentials } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { FakeSecretsManager } from '@tenant-monitoring/plugin-monitoring-stack-node/testUtils';
import { mockClient } from 'aws-sdk-client-mock';
import { fakeAwsClients } from './aws';

/** Every Secrets Manager client of the test file, answered by a fake. */
const secretsManagerMock = mockClient(SecretsManagerClient);

/** Lets `store` answer the Secrets Manager calls from now on. */
export function answerSecretsManager(store: FakeSecretsManager) {
  secretsManagerMock.reset();
  secretsManagerMock.on(GetSecretValueCommand).callsFake(store.getSecretValue);
  secretsManagerMock.on(PutSecretValueCommand).callsFake(store.putSecretValue);
  secretsManagerMock.on(CreateSecretCommand).callsFake(store.createSecret);
  return secretsManagerMock;
}

/**
 * The tenants' Grafana credentials as the default factory of
 * `tenantGrafanaCredentialsServiceRef` builds them from `config`; Secrets
 * Manager is whatever `answerSecretsManager` was given.
 */
export function grafanaCredentialsOf(config: RootConfigService) {
  return SecretsManagerTenantGrafanaCredentials.fromConfig(config, {
    awsClients: fakeAwsClients({
      secretsManager: async ({ region }) =>
        new SecretsManagerClient({
          region,
          credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' },
        }),
    }),
  });
}
