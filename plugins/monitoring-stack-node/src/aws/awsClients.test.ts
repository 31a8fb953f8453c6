import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { IntegrationAwsClients } from './awsClients';

const clients = () =>
  new IntegrationAwsClients(
    DefaultAwsCredentialsManager.fromConfig(
      new ConfigReader({
        aws: {
          mainAccount: {
            accessKeyId: 'AKIAMAIN',
            secretAccessKey: 'main-secret',
          },
          accounts: [
            {
              accountId: '123456789012',
              accessKeyId: 'AKIATENANTS',
              secretAccessKey: 'tenants-secret',
            },
          ],
        },
      }),
    ),
  );

describe('IntegrationAwsClients', () => {
  it("signs with the aws integration's credentials of the resource's account, in its region", async () => {
    const aws = clients();
    const sns = await aws.sns({
      region: 'eu-central-1',
      accountId: '123456789012',
    });
    expect(await sns.config.region()).toBe('eu-central-1');
    expect(await sns.config.credentials()).toMatchObject({
      accessKeyId: 'AKIATENANTS',
    });
    const trail = await aws.cloudTrail({ region: 'eu-west-1' });
    expect(await trail.config.credentials()).toMatchObject({
      accessKeyId: 'AKIAMAIN',
    });
    // The reader backs off itself.
    expect(await trail.config.maxAttempts()).toBe(1);
    const secrets = await aws.secretsManager({
      region: 'eu-west-1',
      accountId: '123456789012',
    });
    expect(await secrets.config.region()).toBe('eu-west-1');
    expect(await secrets.config.credentials()).toMatchObject({
      accessKeyId: 'AKIATENANTS',
    });
  });

  it('reuses one client per service, region and account', async () => {
    const aws = clients();
    const at = { region: 'eu-west-1', accountId: '123456789012' };
    expect(await aws.logs(at)).toBe(await aws.logs(at));
    expect(await aws.logs(at)).not.toBe(
      await aws.logs({ ...at, region: 'us-east-1' }),
    );
    expect(await aws.cloudWatch(at)).not.toBe(await aws.logs(at));
  });
});
