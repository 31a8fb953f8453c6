import { parseTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import yaml from 'yaml';
import { renderTenantFiles } from './renderTenant';
import { DEFAULT_RENDER_SETTINGS, RenderSettings } from './settings';
import { validateBundle } from './validateManifests';

const ISSUER =
  'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const settings: RenderSettings = {
  ...DEFAULT_RENDER_SETTINGS,
  gatewayBaseUrl: 'https://backstage.example.com',
  awsRegion: 'eu-west-1',
  awsAccountId: '123456789012',
  oidcIssuer: ISSUER,
};
const tenant = (id: string) =>
  parseTenant({ id, owner: id, namespaces: { 'eks-shared': [id] } });

/** Every document of a tenant's bundle, Kubernetes and CloudFormation. */
function bundle(id: string) {
  const files = renderTenantFiles(tenant(id), settings);
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

describe("a tenant's gateway token", () => {
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
      key: externalSecret.spec.data[0].remoteRef.key,
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

  it("reads its own secret only: neither tenant's role can read the other's", () => {
    const [ta, tb] = [of(a), of(b)];
    expect(ta.account.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(
      `arn:aws:iam::123456789012:role/${ta.role.Properties.RoleName}`,
    );
    expect(mayRead(ta.role, ta.sub, secretArn(ta.key))).toBe(true);
    expect(mayRead(tb.role, tb.sub, secretArn(tb.key))).toBe(true);
    // team-a's objects cannot name team-b's secret: team-a's role may not
    // read it, and team-b's role trusts only team-b's service account.
    expect(mayRead(ta.role, ta.sub, secretArn(tb.key))).toBe(false);
    expect(mayRead(tb.role, ta.sub, secretArn(tb.key))).toBe(false);
    expect(mayRead(tb.role, tb.sub, secretArn(ta.key))).toBe(false);
  });

  it("passes the vendored external-secrets CRD schemas and CloudFormation's resource specification", async () => {
    expect(await validateBundle(a.files)).toEqual([]);
  });
});
