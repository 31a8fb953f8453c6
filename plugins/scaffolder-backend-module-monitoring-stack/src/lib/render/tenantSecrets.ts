import {
  TENANT_GRAFANA_SECRET_KEYS,
  tenantGrafanaSecretName,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { createHash } from 'node:crypto';
import { serviceAccountTrustPolicy } from './iam';
import { RenderSettings } from './settings';

/** IAM takes role names of at most 64 characters. */
const MAX_ROLE_NAME = 64;

/** The IAM role that reads one tenant's secrets, unique per cluster. */
function roleName(cluster: string, grafanaName: string): string {
  const name = `${cluster}-${grafanaName}-secrets`;
  if (name.length <= MAX_ROLE_NAME) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_ROLE_NAME - 9)}-${hash}`;
}

/**
 * How the tenant's Grafana gets its secrets from AWS Secrets Manager,
 * readable by that tenant alone: a ServiceAccount whose IAM role (IRSA)
 * trusts only this ServiceAccount and may read only this tenant's secrets,
 * a SecretStore in the Grafana's namespace that authenticates as it (an
 * ExternalSecret can only use a SecretStore of its own namespace), and the
 * ExternalSecret. No shared ClusterSecretStore: its role would read every
 * tenant's secrets for any namespace that names it. The role's stack also
 * generates the admin password, so no human picks or sees it. The secrets'
 * names (`tenantGrafanaSecretName`) are the ones the portal reads too; its
 * own `service-account-token` is not among the keys this role may read.
 */
export function tenantSecretObjects(
  grafana: {
    tenantId: string;
    name: string;
    namespace: string;
    labels: Record<string, string>;
    secretName: string;
  },
  settings: RenderSettings,
) {
  const { tenantId, name, namespace, labels, secretName } = grafana;
  const account = `${name}-secrets`;
  const role = roleName(settings.cluster, name);
  const remoteKey = (key: string) => tenantGrafanaSecretName(tenantId, key);
  const kubernetes = [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: account,
        namespace,
        labels,
        annotations: {
          'eks.amazonaws.com/role-arn': `arn:aws:iam::${settings.awsAccountId}:role/${role}`,
        },
      },
      automountServiceAccountToken: false,
    },
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: secretName, namespace, labels },
      spec: {
        provider: {
          aws: {
            service: 'SecretsManager',
            region: settings.awsRegion,
            auth: { jwt: { serviceAccountRef: { name: account } } },
          },
        },
      },
    },
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: secretName, namespace, labels },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'SecretStore', name: secretName },
        target: { name: secretName, creationPolicy: 'Owner' },
        data: Object.values(TENANT_GRAFANA_SECRET_KEYS).map(key => ({
          secretKey: key,
          remoteRef: { key: remoteKey(key) },
        })),
      },
    },
  ];
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `The secrets of the Grafana ${name}, readable by its namespace's SecretStore only`,
    Resources: {
      AdminPassword: {
        Type: 'AWS::SecretsManager::Secret',
        Properties: {
          Name: remoteKey(TENANT_GRAFANA_SECRET_KEYS.adminPassword),
          Description: `Admin password of the Grafana ${name}`,
          GenerateSecretString: {
            PasswordLength: 32,
            ExcludePunctuation: true,
          },
        },
      },
      SecretsRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: role,
          AssumeRolePolicyDocument: serviceAccountTrustPolicy(
            settings,
            namespace,
            account,
          ),
          Policies: [
            {
              PolicyName: 'read-grafana-secrets',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Action: 'secretsmanager:GetSecretValue',
                    // Secrets Manager appends a hyphen and six characters.
                    Resource: Object.values(TENANT_GRAFANA_SECRET_KEYS).map(
                      key =>
                        `arn:aws:secretsmanager:${settings.awsRegion}:${
                          settings.awsAccountId
                        }:secret:${remoteKey(key)}-??????`,
                    ),
                  },
                ],
              },
            },
          ],
        },
      },
    },
    Outputs: {
      RoleArn: { Value: { 'Fn::GetAtt': ['SecretsRole', 'Arn'] } },
    },
  };
  return { kubernetes, template };
}
