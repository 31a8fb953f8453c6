import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ServiceUnavailableError } from '@backstage/errors';
import { ConfigReader } from '@backstage/config';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsLocation, MonitoringStackAwsClients } from '../aws/awsClients';
import { fakeSecretsManager } from '../testUtils/fakeSecretsManager';
import { SecretsManagerTenantGrafanaCredentials } from './tenantGrafanaCredentials';

const sm = mockClient(SecretsManagerClient);
const TOKEN_A = 'monitoring-stack/tenants/grafana-team-a/service-account-token';
const PASSWORD_A = 'monitoring-stack/tenants/grafana-team-a/admin-password';
const LOCATION = { region: 'eu-west-1', accountId: '123456789012' };

/** An AWS SDK error as the service answers it: its message names ARNs. */
const awsError = (name: string) =>
  Object.assign(
    new Error(
      `User: arn:aws:sts::123456789012:assumed-role/portal/x is not authorized to perform this on resource: arn:aws:secretsmanager:eu-west-1:123456789012:secret:${TOKEN_A}-AbCdEf`,
    ),
    { name },
  );

let store: ReturnType<typeof fakeSecretsManager>;
const asked: AwsLocation[] = [];
const awsClients: MonitoringStackAwsClients = {
  secretsManager: async at => {
    asked.push(at);
    return new SecretsManagerClient({ region: at.region });
  },
  sns: jest.fn(),
  cloudWatch: jest.fn(),
  logs: jest.fn(),
  cloudTrail: jest.fn(),
};

beforeEach(() => {
  sm.reset();
  asked.length = 0;
  store = fakeSecretsManager();
  sm.on(GetSecretValueCommand).callsFake(store.getSecretValue);
  sm.on(PutSecretValueCommand).callsFake(store.putSecretValue);
  sm.on(CreateSecretCommand).callsFake(store.createSecret);
});

function credentials(
  options: {
    configTokens?: Record<string, string>;
    location?: AwsLocation;
    now?: () => number;
  } = {},
) {
  return new SecretsManagerTenantGrafanaCredentials({
    configTokens: new Map(Object.entries(options.configTokens ?? {})),
    location: 'location' in options ? options.location : LOCATION,
    awsClients,
    ttlMs: 60_000,
    now: options.now,
  });
}

describe('SecretsManagerTenantGrafanaCredentials.serviceAccountToken', () => {
  it("answers the config's token as before, without asking AWS", async () => {
    store.set(TOKEN_A, 'glsa_stored');
    const token = await credentials({
      configTokens: { 'team-a': 'glsa_config' },
    }).serviceAccountToken('team-a');
    expect(token).toMatchObject({ token: 'glsa_config', source: 'config' });
    expect(token!.accessHint).toContain(
      'monitoringStack.grafanaServiceAccounts',
    );
    expect(store.calls).toEqual([]);
  });

  it("else reads the tenant's secret in the admin region and account", async () => {
    store.set(TOKEN_A, 'glsa_stored');
    const token = await credentials().serviceAccountToken('team-a');
    expect(token).toMatchObject({
      token: 'glsa_stored',
      source: 'secretsManager',
    });
    expect(token!.accessHint).toContain(TOKEN_A);
    expect(token!.accessHint).not.toContain('glsa_');
    expect(store.calls).toEqual([`GetSecretValue ${TOKEN_A}`]);
    expect(asked).toEqual([LOCATION]);
  });

  it('answers none for a missing secret (ResourceNotFoundException)', async () => {
    expect(await credentials().serviceAccountToken('team-a')).toBeUndefined();
  });

  it('answers none without asking AWS when no admin region is configured', async () => {
    store.set(TOKEN_A, 'glsa_stored');
    expect(
      await credentials({ location: undefined }).serviceAccountToken('team-a'),
    ).toBeUndefined();
    expect(store.calls).toEqual([]);
  });

  it('reuses what it read, and the answer that there is none, for the TTL only', async () => {
    let now = 1_000_000;
    const c = credentials({ now: () => now });
    expect(await c.serviceAccountToken('team-a')).toBeUndefined();
    store.set(TOKEN_A, 'glsa_stored');
    now += 59_000;
    expect(await c.serviceAccountToken('team-a')).toBeUndefined();
    expect(store.calls).toHaveLength(1);
    now += 2_000;
    expect((await c.serviceAccountToken('team-a'))?.token).toBe('glsa_stored');
    expect(await c.serviceAccountToken('team-a')).toBeDefined();
    expect(store.calls).toHaveLength(2);
  });

  it('asks once for concurrent lookups of one tenant', async () => {
    store.set(TOKEN_A, 'glsa_stored');
    const c = credentials();
    await Promise.all([1, 2, 3].map(() => c.serviceAccountToken('team-a')));
    expect(store.calls).toHaveLength(1);
  });

  it.each([
    ['AccessDeniedException', 'access denied (AccessDeniedException)'],
    ['ThrottlingException', 'throttled by AWS (ThrottlingException)'],
    ['InternalServiceError', 'failed (InternalServiceError)'],
  ])(
    'fails clearly on %s, naming the secret and the permission, never an ARN; tried again next time',
    async (name, description) => {
      sm.on(GetSecretValueCommand).rejectsOnce(awsError(name));
      const c = credentials();
      const promise = c.serviceAccountToken('team-a');
      await expect(promise).rejects.toThrow(ServiceUnavailableError);
      await expect(promise).rejects.toThrow(
        `Cannot read the Grafana service account token of tenant team-a from AWS Secrets Manager secret ${TOKEN_A}: ${description}; the portal's AWS role needs secretsmanager:GetSecretValue on monitoring-stack/tenants/*/service-account-token-*`,
      );
      await expect(promise).rejects.not.toThrow(/arn:|assumed-role/);
      sm.on(GetSecretValueCommand).callsFake(store.getSecretValue);
      store.set(TOKEN_A, 'glsa_stored');
      expect((await c.serviceAccountToken('team-a'))?.token).toBe(
        'glsa_stored',
      );
    },
  );

  it('answers none when AWS is not set up at all, as in a portal without AWS, and the bootstrap says what to configure', async () => {
    sm.on(GetSecretValueCommand).rejects(
      Object.assign(
        new Error('Could not load credentials from any providers'),
        {
          name: 'CredentialsProviderError',
        },
      ),
    );
    await expect(
      credentials().serviceAccountToken('team-a'),
    ).resolves.toBeUndefined();
    await expect(credentials().adminPassword('team-a')).rejects.toThrow(
      'No AWS credentials for account 123456789012: configure aws.mainAccount or aws.accounts in app-config',
    );
  });
});

describe('SecretsManagerTenantGrafanaCredentials.adminPassword', () => {
  it('reads the password the tenant stack generated', async () => {
    store.set(PASSWORD_A, 'generated-password-0123456789abcdef');
    expect(await credentials().adminPassword('team-a')).toBe(
      'generated-password-0123456789abcdef',
    );
    expect(store.calls).toEqual([`GetSecretValue ${PASSWORD_A}`]);
  });

  it('names the secret and the permission the portal needs when it may not read it', async () => {
    sm.on(GetSecretValueCommand).rejects(awsError('AccessDeniedException'));
    const promise = credentials().adminPassword('team-a');
    await expect(promise).rejects.toThrow(ServiceUnavailableError);
    await expect(promise).rejects.toThrow(
      `Cannot read the admin password of tenant team-a's Grafana from AWS Secrets Manager secret ${PASSWORD_A}: access denied (AccessDeniedException); the portal's AWS role needs secretsmanager:GetSecretValue on monitoring-stack/tenants/*/admin-password-*`,
    );
    await expect(promise).rejects.not.toThrow(/arn:/);
  });

  it('says to deploy the tenant stack when the secret is not there', async () => {
    await expect(credentials().adminPassword('team-a')).rejects.toThrow(
      `secret ${PASSWORD_A}: there is no such secret; deploy the tenant's aws/grafana-secrets.cfn.yaml stack`,
    );
  });

  it('names monitoringStack.admin.region when it is not configured', async () => {
    await expect(
      credentials({ location: undefined }).adminPassword('team-a'),
    ).rejects.toThrow('set monitoringStack.admin.region');
  });
});

describe('SecretsManagerTenantGrafanaCredentials.storeServiceAccountToken', () => {
  it('creates the secret the first time and puts a new value after, and reads it back', async () => {
    const c = credentials();
    expect(await c.serviceAccountToken('team-a')).toBeUndefined();
    await c.storeServiceAccountToken('team-a', 'glsa_first');
    expect(store.calls.slice(1)).toEqual([
      `PutSecretValue ${TOKEN_A}`,
      `CreateSecret ${TOKEN_A}`,
    ]);
    expect(store.value(TOKEN_A)).toBe('glsa_first');
    // The cached "none" is replaced at once.
    expect((await c.serviceAccountToken('team-a'))?.token).toBe('glsa_first');

    await c.storeServiceAccountToken('team-a', 'glsa_second');
    expect(store.calls.slice(3)).toEqual([`PutSecretValue ${TOKEN_A}`]);
    expect(store.value(TOKEN_A)).toBe('glsa_second');
    // Another instance (the backend's) reads it from AWS.
    expect((await credentials().serviceAccountToken('team-a'))?.token).toBe(
      'glsa_second',
    );
  });

  it('puts the value when another run created the secret meanwhile', async () => {
    sm.on(CreateSecretCommand).callsFake(async input => {
      store.set(TOKEN_A, 'glsa_other');
      return store.createSecret(input);
    });
    await credentials().storeServiceAccountToken('team-a', 'glsa_mine');
    expect(store.calls).toEqual([
      `PutSecretValue ${TOKEN_A}`,
      `CreateSecret ${TOKEN_A}`,
      `PutSecretValue ${TOKEN_A}`,
    ]);
    expect(store.value(TOKEN_A)).toBe('glsa_mine');
  });

  it('names the permissions the portal needs when it may not write', async () => {
    sm.on(PutSecretValueCommand).rejects(awsError('AccessDeniedException'));
    const promise = credentials().storeServiceAccountToken(
      'team-a',
      'glsa_secret_value',
    );
    await expect(promise).rejects.toThrow(
      `Cannot store the Grafana service account token of tenant team-a in AWS Secrets Manager secret ${TOKEN_A}: access denied (AccessDeniedException); the portal's AWS role needs secretsmanager:PutSecretValue and secretsmanager:CreateSecret on monitoring-stack/tenants/*/service-account-token*`,
    );
    await expect(promise).rejects.not.toThrow(/glsa_|arn:/);
  });
});

describe('SecretsManagerTenantGrafanaCredentials.fromConfig', () => {
  it('takes the config tokens and monitoringStack.admin.region and accountId', async () => {
    store.set(
      'monitoring-stack/tenants/grafana-team-b/service-account-token',
      'glsa_b',
    );
    const c = SecretsManagerTenantGrafanaCredentials.fromConfig(
      new ConfigReader({
        monitoringStack: {
          admin: { region: 'eu-central-1', accountId: '210987654321' },
          grafanaServiceAccounts: [{ tenant: 'team-a', token: 'glsa_a' }],
        },
      }),
      { awsClients },
    );
    expect((await c.serviceAccountToken('team-a'))?.token).toBe('glsa_a');
    expect((await c.serviceAccountToken('team-b'))?.token).toBe('glsa_b');
    expect(asked).toEqual([
      { region: 'eu-central-1', accountId: '210987654321' },
    ]);
  });
});
