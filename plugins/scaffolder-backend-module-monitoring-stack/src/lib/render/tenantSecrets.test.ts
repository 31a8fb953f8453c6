import { parseTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  TENANT_GRAFANA_SECRET_KEYS,
  TENANT_GRAFANA_SERVICE_ACCOUNT_TOKEN_KEY,
  tenantGrafanaSecretName,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import yaml from 'yaml';
import { renderTenantFiles } from './renderTenant';
import { TEST_RENDER_SETTINGS as settings } from '../../testUtils';
import { validateBundle } from './validateManifests';

const ISSUER = settings.oidcIssuer;
const tenant = (id: string, namespace = id) =>
  parseTenant({ id, owner: id, namespaces: { 'eks-shared': [namespace] } });

/** Every document of a tenant's bundle, Kubernetes and CloudFormation. */
function bundle(id: string, namespace = id) {
  const files = renderTenantFiles(tenant(id, namespace), settings);
  const docs = files.flatMap(f =>
    yaml.parseAllDocuments(f.content).map(d => d.toJSON()),
  );
  const kube = (kind: string) => docs.filter(d => d?.kind === kind);
  const roles = docs
    .flatMap(d => Object.values((d?.Resources ?? {}) as Record<string, any>))
    .filter(r => r.Type === 'AWS::IAM::Role');
  return { files, docs, kube, roles };
}

/** ArnLike and StringLike: `*` and `?` are wildcards. */
const like = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^$()|[\]\\{}]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);

/** Whether IAM lets a web identity with `sub` read the secret `secretArn` through `role`. */
function mayRead(role: any, sub: string, secretArn: string): boolean {
  const { AssumeRolePolicyDocument: trust, Policies } = role.Properties;
  const assumable = trust.Statement.some(
    (s: any) =>
      s.Effect === 'Allow' &&
      s.Action === 'sts:AssumeRoleWithWebIdentity' &&
      s.Principal.Federated ===
        `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` &&
      s.Condition.StringEquals[`${ISSUER}:sub`] === sub &&
      s.Condition.StringEquals[`${ISSUER}:aud`] === 'sts.amazonaws.com',
  );
  const readable = Policies.flatMap(
    (p: any) => p.PolicyDocument.Statement,
  ).some(
    (s: any) =>
      s.Effect === 'Allow' &&
      [s.Action].flat().includes('secretsmanager:GetSecretValue') &&
      [s.Resource].flat().some((r: string) => like(r, secretArn)),
  );
  return assumable && readable;
}

describe("a tenant Grafana's secrets", () => {
  const a = bundle('team-a');
  const b = bundle('team-b');
  const secretArn = (remoteKey: string) =>
    `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${remoteKey}-AbC123`;
  const of = (x: typeof a) => {
    const [externalSecret] = x.kube('ExternalSecret');
    const [store] = x.kube('SecretStore');
    const [account] = x.kube('ServiceAccount');
    return {
      externalSecret,
      store,
      account,
      role: x.roles[0],
      keys: externalSecret.spec.data.map((d: any) => d.remoteRef.key),
      sub: `system:serviceaccount:${account.metadata.namespace}:${account.metadata.name}`,
    };
  };

  it('comes through a SecretStore of its own namespace, external-secrets.io/v1, never a shared ClusterSecretStore', () => {
    for (const x of [a, b]) {
      const { externalSecret, store, account } = of(x);
      expect(externalSecret.apiVersion).toBe('external-secrets.io/v1');
      expect(externalSecret.spec.secretStoreRef).toEqual({
        kind: 'SecretStore',
        name: store.metadata.name,
      });
      expect(store.metadata.namespace).toBe(externalSecret.metadata.namespace);
      expect(store.spec.provider.aws.auth.jwt.serviceAccountRef.name).toBe(
        account.metadata.name,
      );
      expect(JSON.stringify(x.docs)).not.toContain('ClusterSecretStore');
    }
  });

  it("reads its own secrets only: neither tenant's role can read the other's", () => {
    const [ta, tb] = [of(a), of(b)];
    expect(ta.account.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(
      `arn:aws:iam::123456789012:role/${ta.role.Properties.RoleName}`,
    );
    expect(ta.keys).toEqual(
      Object.values(TENANT_GRAFANA_SECRET_KEYS).map(
        k => `monitoring-stack/tenants/grafana-team-a/${k}`,
      ),
    );
    for (const key of ta.keys) {
      expect(mayRead(ta.role, ta.sub, secretArn(key))).toBe(true);
      // team-b's role trusts only team-b's service account, and may not read team-a's secrets.
      expect(mayRead(tb.role, tb.sub, secretArn(key))).toBe(false);
      expect(mayRead(tb.role, ta.sub, secretArn(key))).toBe(false);
    }
    for (const key of tb.keys) {
      expect(mayRead(tb.role, tb.sub, secretArn(key))).toBe(true);
      // team-a's objects cannot name team-b's secrets: team-a's role may not read them.
      expect(mayRead(ta.role, ta.sub, secretArn(key))).toBe(false);
    }
  });

  it('cannot reach a tenant whose name starts with its own (team-a and team-a-x)', () => {
    const [ta, tx] = [of(a), of(bundle('team-a-x'))];
    for (const key of tx.keys) {
      expect(mayRead(ta.role, ta.sub, secretArn(key))).toBe(false);
    }
  });

  it("generates the admin password in the role's stack, under the name the ExternalSecret reads", () => {
    const cfn = a.docs.find(d => d?.Resources?.AdminPassword);
    expect(cfn.Resources.AdminPassword.Properties).toMatchObject({
      Name: 'monitoring-stack/tenants/grafana-team-a/admin-password',
      GenerateSecretString: { PasswordLength: 32 },
    });
    expect(of(a).keys).toContain(cfn.Resources.AdminPassword.Properties.Name);
  });

  it('names its secrets as the portal reads them (tenantGrafanaSecretName), also for ids that are not Kubernetes names', () => {
    for (const id of ['team-a', 'Team_A.prod']) {
      const x = bundle(id, 'team-a');
      const cfn = x.docs.find(d => d?.Resources?.AdminPassword);
      expect(cfn.Resources.AdminPassword.Properties.Name).toBe(
        tenantGrafanaSecretName(id, TENANT_GRAFANA_SECRET_KEYS.adminPassword),
      );
      expect(cfn.Resources.AdminPassword.Properties.Name).toMatch(
        /^monitoring-stack\/tenants\/grafana-(team-a|team-a-prod-[0-9a-f]{8})\/admin-password$/,
      );
      expect(of(x).keys).toEqual(
        Object.values(TENANT_GRAFANA_SECRET_KEYS).map(k =>
          tenantGrafanaSecretName(id, k),
        ),
      );
    }
  });

  it("may not read the portal's service account token of its own Grafana", () => {
    const ta = of(a);
    const token = secretArn(
      tenantGrafanaSecretName(
        'team-a',
        TENANT_GRAFANA_SERVICE_ACCOUNT_TOKEN_KEY,
      ),
    );
    expect(token).toContain(
      'monitoring-stack/tenants/grafana-team-a/service-account-token-',
    );
    expect(mayRead(ta.role, ta.sub, token)).toBe(false);
    expect(ta.keys).toHaveLength(3);
  });

  it("passes the vendored external-secrets CRD schemas and CloudFormation's resource specification", async () => {
    expect(await validateBundle(a.files)).toEqual([]);
  });
});
