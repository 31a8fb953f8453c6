import {
  CreateSecretCommandInput,
  CreateSecretCommandOutput,
  GetSecretValueCommandInput,
  GetSecretValueCommandOutput,
  PutSecretValueCommandInput,
  PutSecretValueCommandOutput,
  ResourceExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';

/** Where the fake Secrets Manager is and what it holds at first. @public */
export type FakeSecretsManagerOptions = {
  region?: string;
  accountId?: string;
  /** Secrets there from the start, by name (plain text). */
  secrets?: Record<string, string>;
};

const SUFFIX_CHARS =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * An in-memory AWS Secrets Manager answering `GetSecretValue`,
 * `PutSecretValue` and `CreateSecret` as the API does: secrets found by
 * name or ARN, ARNs with Secrets Manager's six-character suffix, a new
 * version per write, `ResourceNotFoundException` for a missing secret and
 * `ResourceExistsException` for a second `CreateSecret`. Wire its methods to
 * aws-sdk-client-mock, e.g.
 * `mockClient(SecretsManagerClient).on(GetSecretValueCommand).callsFake(sm.getSecretValue)`.
 * `calls` records `Action name` of every call, never a value.
 * @public
 */
export function fakeSecretsManager(options: FakeSecretsManagerOptions = {}) {
  const region = options.region ?? 'eu-west-1';
  const accountId = options.accountId ?? '123456789012';
  const secrets = new Map<
    string,
    { arn: string; value: string; versionId: string; description?: string }
  >();
  const calls: string[] = [];
  const metadata = { httpStatusCode: 200, requestId: randomUUID() };

  const arnOf = (name: string) => {
    const suffix = Array.from(
      { length: 6 },
      () => SUFFIX_CHARS[Math.floor(Math.random() * SUFFIX_CHARS.length)],
    ).join('');
    return `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`;
  };
  const find = (secretId: string | undefined) => {
    for (const [name, secret] of secrets) {
      if (name === secretId || secret.arn === secretId) {
        return { name, secret };
      }
    }
    throw new ResourceNotFoundException({
      message: "Secrets Manager can't find the specified secret.",
      $metadata: { httpStatusCode: 400 },
    });
  };
  const create = (name: string, value: string, description?: string) => {
    const secret = {
      arn: arnOf(name),
      value,
      versionId: randomUUID(),
      description,
    };
    secrets.set(name, secret);
    return secret;
  };
  Object.entries(options.secrets ?? {}).forEach(([name, value]) =>
    create(name, value),
  );

  return {
    calls,
    /** The text of the secret `name`, for assertions. */
    value(name: string): string | undefined {
      return secrets.get(name)?.value;
    },
    /** Creates or overwrites a secret, as the platform or a stack would. */
    set(name: string, value: string) {
      const existing = secrets.get(name);
      if (existing) {
        existing.value = value;
        existing.versionId = randomUUID();
      } else {
        create(name, value);
      }
    },
    async getSecretValue(
      input: GetSecretValueCommandInput,
    ): Promise<GetSecretValueCommandOutput> {
      calls.push(`GetSecretValue ${input.SecretId}`);
      const { name, secret } = find(input.SecretId);
      return {
        $metadata: metadata,
        ARN: secret.arn,
        Name: name,
        VersionId: secret.versionId,
        SecretString: secret.value,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: new Date(),
      };
    },
    async putSecretValue(
      input: PutSecretValueCommandInput,
    ): Promise<PutSecretValueCommandOutput> {
      calls.push(`PutSecretValue ${input.SecretId}`);
      const { name, secret } = find(input.SecretId);
      secret.value = input.SecretString ?? '';
      secret.versionId = input.ClientRequestToken ?? randomUUID();
      return {
        $metadata: metadata,
        ARN: secret.arn,
        Name: name,
        VersionId: secret.versionId,
        VersionStages: ['AWSCURRENT'],
      };
    },
    async createSecret(
      input: CreateSecretCommandInput,
    ): Promise<CreateSecretCommandOutput> {
      calls.push(`CreateSecret ${input.Name}`);
      const name = input.Name ?? '';
      if (secrets.has(name)) {
        throw new ResourceExistsException({
          message: `The operation failed because the secret ${name} already exists.`,
          $metadata: { httpStatusCode: 400 },
        });
      }
      const secret = create(name, input.SecretString ?? '', input.Description);
      return {
        $metadata: metadata,
        ARN: secret.arn,
        Name: name,
        VersionId: secret.versionId,
      };
    },
  };
}

/** The in-memory Secrets Manager of `fakeSecretsManager`. @public */
export type FakeSecretsManager = ReturnType<typeof fakeSecretsManager>;
