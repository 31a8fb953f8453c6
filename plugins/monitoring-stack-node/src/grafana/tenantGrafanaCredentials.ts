import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  AwsLocation,
  awsClientsServiceRef,
  MonitoringStackAwsClients,
} from '../aws/awsClients';
import {
  awsNotConfiguredMessage,
  describeAwsError,
  isAwsNotConfigured,
} from '../aws/awsErrors';
import {
  TENANT_GRAFANA_SECRET_KEYS,
  TENANT_GRAFANA_SECRET_PREFIX,
  TENANT_GRAFANA_SERVICE_ACCOUNT_TOKEN_KEY,
  tenantGrafanaSecretName,
} from './tenantGrafanaSecrets';

/** How long a token read from Secrets Manager (or its absence) is reused. */
const DEFAULT_TTL_MS = 60_000;

/** What the portal's role needs on the tenants' Grafana secrets (Secrets Manager appends `-` and six characters to a name). */
const ANY_TENANT = `${TENANT_GRAFANA_SECRET_PREFIX}*`;
const READ_ADMIN_PASSWORD = `secretsmanager:GetSecretValue on ${ANY_TENANT}/${TENANT_GRAFANA_SECRET_KEYS.adminPassword}-*`;
const READ_TOKEN = `secretsmanager:GetSecretValue on ${ANY_TENANT}/${TENANT_GRAFANA_SERVICE_ACCOUNT_TOKEN_KEY}-*`;
const mayWrite = (key: string) =>
  `secretsmanager:PutSecretValue and secretsmanager:CreateSecret on ${ANY_TENANT}/${key}*`;

/**
 * The service account token of a tenant's Grafana and where it came from,
 * for messages that say what to check when Grafana refuses it.
 * @public
 */
export type TenantGrafanaToken = {
  token: string;
  /** `config` (`monitoringStack.grafanaServiceAccounts`) or `secretsManager`. */
  source: 'config' | 'secretsManager';
  /** What to check when the tenant's Grafana refuses the token. */
  accessHint: string;
};

/**
 * The credentials the portal holds for each tenant's own Grafana.
 * @public
 */
export interface TenantGrafanaCredentialsService {
  /**
   * The token of the tenant Grafana's service account: the
   * `monitoringStack.grafanaServiceAccounts` entry when there is one, else
   * the secret `monitoring-stack/tenants/grafana-<tenant>/service-account-token`;
   * undefined when neither is there. Other failures to read the secret
   * throw, naming it.
   */
  serviceAccountToken(
    tenantId: string,
  ): Promise<TenantGrafanaToken | undefined>;
  /**
   * The password of the tenant Grafana's admin user, from the secret its
   * secrets stack generated (`.../admin-password`); throws naming the secret
   * and the permission the portal's role needs when it cannot be read.
   */
  adminPassword(tenantId: string): Promise<string>;
  /** Stores a new service account token of the tenant's Grafana. */
  storeServiceAccountToken(
    tenantId: string,
    token: string,
  ): Promise<TenantGrafanaToken>;
  /**
   * Where the tenant Grafana's data sources read their gateway token:
   * `monitoring-stack/tenants/grafana-<tenant>/gateway-token`.
   */
  gatewayTokenSecretName(tenantId: string): string;
  /** Writes the token the tenant Grafana's data sources send to the gateway. */
  storeGatewayToken(tenantId: string, token: string): Promise<void>;
}

/** True for the SDK's error of that name (its exception classes set `name`). */
const isNamed = (error: unknown, name: string) =>
  (error as { name?: unknown } | undefined)?.name === name;

/**
 * Tokens from config, else from AWS Secrets Manager in
 * `monitoringStack.admin.region` and `.accountId`, through the `aws`
 * integration's credentials. A token read from Secrets Manager, and the
 * answer that there is none, are reused for a short while; nothing read is
 * ever logged or put in a message.
 * @public
 */
export class SecretsManagerTenantGrafanaCredentials
  implements TenantGrafanaCredentialsService
{
  private readonly cache = new Map<
    string,
    { expires: number; value: Promise<string | undefined> }
  >();
  private readonly configTokens: ReadonlyMap<string, string>;
  private readonly location?: AwsLocation;
  private readonly awsClients: MonitoringStackAwsClients;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: {
    /** `monitoringStack.grafanaServiceAccounts`, by tenant. */
    configTokens: ReadonlyMap<string, string>;
    /** `monitoringStack.admin.region` and `.accountId`; without a region, Secrets Manager is not asked. */
    location?: AwsLocation;
    awsClients: MonitoringStackAwsClients;
    ttlMs?: number;
    now?: () => number;
  }) {
    this.configTokens = options.configTokens;
    this.location = options.location;
    this.awsClients = options.awsClients;
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** Built as the default factory builds it: from `monitoringStack` config. */
  static fromConfig(
    config: Config,
    options: { awsClients: MonitoringStackAwsClients },
  ): SecretsManagerTenantGrafanaCredentials {
    const { admin, tenantGrafanaTokens } = readMonitoringStackSettings(config);
    return new SecretsManagerTenantGrafanaCredentials({
      configTokens: tenantGrafanaTokens,
      location: admin.region
        ? { region: admin.region, accountId: admin.accountId }
        : undefined,
      awsClients: options.awsClients,
    });
  }

  /** The config's token, else the stored one; undefined when neither. */
  async serviceAccountToken(
    tenantId: string,
  ): Promise<TenantGrafanaToken | undefined> {
    const configured = this.configTokens.get(tenantId);
    if (configured) {
      return {
        token: configured,
        source: 'config',
        accessHint: `check that monitoringStack.grafanaServiceAccounts has a valid token for tenant ${tenantId}, of a service account with the Admin role in its Grafana`,
      };
    }
    if (!this.location) return undefined;
    const now = this.now();
    let entry = this.cache.get(tenantId);
    if (!entry || entry.expires <= now) {
      const value = this.readToken(tenantId);
      entry = { expires: now + this.ttlMs, value };
      this.cache.set(tenantId, entry);
      // A failed read is tried again next time.
      value.catch(() => {
        if (this.cache.get(tenantId)?.value === value) {
          this.cache.delete(tenantId);
        }
      });
    }
    const token = await entry.value;
    return token === undefined ? undefined : this.fromSecret(tenantId, token);
  }

  /** The generated admin password; throws naming the secret and the permission. */
  async adminPassword(tenantId: string): Promise<string> {
    const name = tenantGrafanaSecretName(
      tenantId,
      TENANT_GRAFANA_SECRET_KEYS.adminPassword,
    );
    const cannot = `Cannot read the admin password of tenant ${tenantId}'s Grafana from AWS Secrets Manager secret ${name}`;
    const needs = `the portal's AWS role needs ${READ_ADMIN_PASSWORD}`;
    if (!this.location) {
      throw new ServiceUnavailableError(
        `${cannot}: set monitoringStack.admin.region (and accountId) to where the tenants' secrets are; ${needs}`,
      );
    }
    let password: string | undefined;
    try {
      const client = await this.client();
      const answer = await client.send(
        new GetSecretValueCommand({ SecretId: name }),
      );
      password = answer.SecretString;
    } catch (error) {
      if (isNamed(error, 'ResourceNotFoundException')) {
        throw new ServiceUnavailableError(
          `${cannot}: there is no such secret; deploy the tenant's aws/grafana-secrets.cfn.yaml stack (rendered by tenant:render), which generates it`,
        );
      }
      throw new ServiceUnavailableError(
        `${cannot}: ${this.describe(error)}; ${needs}`,
      );
    }
    if (!password) {
      throw new ServiceUnavailableError(
        `${cannot}: the secret has no text value`,
      );
    }
    return password;
  }

  /** Puts the token in its secret, creating the secret the first time. */
  async storeServiceAccountToken(
    tenantId: string,
    token: string,
  ): Promise<TenantGrafanaToken> {
    await this.putSecret(
      this.tokenSecretName(tenantId),
      token,
      `the Grafana service account token of tenant ${tenantId}`,
      `Token of the backstage service account in the Grafana of tenant ${tenantId}; written by grafana:provision`,
      TENANT_GRAFANA_SERVICE_ACCOUNT_TOKEN_KEY,
    );
    this.cache.set(tenantId, {
      expires: this.now() + this.ttlMs,
      value: Promise.resolve(token),
    });
    return this.fromSecret(tenantId, token);
  }

  gatewayTokenSecretName(tenantId: string): string {
    return tenantGrafanaSecretName(
      tenantId,
      TENANT_GRAFANA_SECRET_KEYS.gatewayToken,
    );
  }

  async storeGatewayToken(tenantId: string, token: string): Promise<void> {
    await this.putSecret(
      this.gatewayTokenSecretName(tenantId),
      token,
      `the gateway token of tenant ${tenantId}'s Grafana`,
      `Tenant token the data sources of tenant ${tenantId}'s Grafana send to the portal's gateway; written by tenant:gateway-token`,
      TENANT_GRAFANA_SECRET_KEYS.gatewayToken,
    );
  }

  /** Writes a secret's value, creating the secret the first time. */
  private async putSecret(
    name: string,
    value: string,
    what: string,
    description: string,
    key: string,
  ): Promise<void> {
    const cannot = `Cannot store ${what} in AWS Secrets Manager secret ${name}`;
    if (!this.location) {
      throw new ServiceUnavailableError(
        `${cannot}: set monitoringStack.admin.region (and accountId)`,
      );
    }
    try {
      const client = await this.client();
      const put = () =>
        client.send(
          new PutSecretValueCommand({ SecretId: name, SecretString: value }),
        );
      try {
        await put();
      } catch (error) {
        if (!isNamed(error, 'ResourceNotFoundException')) throw error;
        try {
          await client.send(
            new CreateSecretCommand({
              Name: name,
              SecretString: value,
              Description: description,
            }),
          );
        } catch (createError) {
          // Another run created it meanwhile.
          if (!isNamed(createError, 'ResourceExistsException')) {
            throw createError;
          }
          await put();
        }
      }
    } catch (error) {
      throw new ServiceUnavailableError(
        `${cannot}: ${this.describe(
          error,
        )}; the portal's AWS role needs ${mayWrite(key)}`,
      );
    }
  }

  private async readToken(tenantId: string): Promise<string | undefined> {
    const name = this.tokenSecretName(tenantId);
    try {
      const client = await this.client();
      const answer = await client.send(
        new GetSecretValueCommand({ SecretId: name }),
      );
      return answer.SecretString || undefined;
    } catch (error) {
      // No secret, or no AWS set up at all (a portal without AWS, the demo):
      // there is no stored token, which the cards show calmly.
      if (
        isNamed(error, 'ResourceNotFoundException') ||
        isAwsNotConfigured(error)
      ) {
        return undefined;
      }
      throw new ServiceUnavailableError(
        `Cannot read the Grafana service account token of tenant ${tenantId} from AWS Secrets Manager secret ${name}: ${this.describe(
          error,
        )}; the portal's AWS role needs ${READ_TOKEN}`,
      );
    }
  }

  private fromSecret(tenantId: string, token: string): TenantGrafanaToken {
    return {
      token,
      source: 'secretsManager',
      accessHint: `the token in AWS Secrets Manager secret ${this.tokenSecretName(
        tenantId,
      )} was refused: delete that secret and run grafana:provision for tenant ${tenantId} again, which creates a new token with the Grafana's admin password`,
    };
  }

  private tokenSecretName(tenantId: string) {
    return tenantGrafanaSecretName(
      tenantId,
      TENANT_GRAFANA_SERVICE_ACCOUNT_TOKEN_KEY,
    );
  }

  private client(): Promise<SecretsManagerClient> {
    return this.awsClients.secretsManager(this.location!);
  }

  private describe(error: unknown): string {
    return isAwsNotConfigured(error)
      ? awsNotConfiguredMessage(
          this.location?.accountId ? [this.location.accountId] : [],
        )
      : describeAwsError(error);
  }
}

/**
 * Where the plugins get the credentials of the tenants' Grafanas: the
 * scaffolder's grafana actions and the backend's dashboards card use the
 * same one; tests replace the factory (or the AWS clients).
 * @public
 */
export const tenantGrafanaCredentialsServiceRef =
  createServiceRef<TenantGrafanaCredentialsService>({
    id: 'monitoring-stack.tenant-grafana-credentials',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          awsClients: awsClientsServiceRef,
        },
        factory: ({ config, awsClients }) =>
          SecretsManagerTenantGrafanaCredentials.fromConfig(config, {
            awsClients,
          }),
      }),
  });
