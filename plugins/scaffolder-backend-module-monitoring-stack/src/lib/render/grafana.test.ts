import { parseTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import yaml from 'yaml';
import {
  podSpecsOf,
  restrictedViolations,
} from '../../__testUtils__/podSecurity';
import { TEST_RENDER_SETTINGS as settings } from '../../testUtils';
import { grafanaFiles } from './grafana';
import { renderTenantFiles } from './renderTenant';
import { RenderSettings } from './settings';
import { validateBundle } from './validateManifests';

const teamA = parseTenant({
  id: 'team-a',
  owner: 'group:default/team-a',
  namespaces: { 'eks-shared': ['team-a'] },
});
const objectsOf = (files: { content: string }[]) =>
  files.flatMap(f => yaml.parseAllDocuments(f.content).map(d => d.toJSON()));
const render = (more: Partial<RenderSettings> = {}) => {
  const objects = objectsOf(grafanaFiles(teamA, { ...settings, ...more }));
  const one = (kind: string) => objects.find(o => o?.kind === kind);
  const deployment = one('Deployment');
  const container = deployment.spec.template.spec.containers[0];
  const env = Object.fromEntries(
    container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]),
  );
  return { objects, one, deployment, container, env };
};

describe("a tenant's Grafana", () => {
  it('renders the same files as before (golden)', () => {
    for (const file of grafanaFiles(teamA, settings)) {
      expect(`# ${file.path}\n${file.content}`).toMatchSnapshot(file.path);
    }
  });

  it("passes Pod Security's restricted profile in every pod spec of every tenant's bundle", () => {
    const tenants = [
      teamA,
      parseTenant({
        id: 'data-platform',
        owner: 'data-platform',
        seriesLabel: 'tenant_id',
      }),
    ];
    const specs = tenants.flatMap(t =>
      podSpecsOf(objectsOf(renderTenantFiles(t, settings))),
    );
    expect(specs.length).toBeGreaterThanOrEqual(2);
    for (const { name, spec } of specs) {
      expect({ name, problems: restrictedViolations(spec) }).toEqual({
        name,
        problems: [],
      });
      expect(
        spec.containers.every((c: any) => c.resources?.limits?.memory),
      ).toBe(true);
    }
  });

  it('keeps /var/lib/grafana on a volume across restarts, replaced not rolled', () => {
    const { one, deployment, container } = render();
    const claim = one('PersistentVolumeClaim');
    expect(claim.spec.resources.requests.storage).toBe('10Gi');
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    const mount = container.volumeMounts.find(
      (m: any) => m.mountPath === '/var/lib/grafana',
    );
    const volume = deployment.spec.template.spec.volumes.find(
      (v: any) => v.name === mount.name,
    );
    expect(volume.persistentVolumeClaim.claimName).toBe(claim.metadata.name);
  });

  it('reads the admin password, the OAuth client secret and the gateway token from its own Secret, never a literal', () => {
    const { env, one } = render();
    const secret = one('ExternalSecret').spec.target.name;
    for (const [name, key] of [
      ['GF_SECURITY_ADMIN_PASSWORD', 'admin-password'],
      ['GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET', 'oauth-client-secret'],
      ['GATEWAY_TOKEN', 'gateway-token'],
    ]) {
      expect(env[name]).toEqual({ secretKeyRef: { name: secret, key } });
    }
    expect(JSON.stringify(env)).not.toMatch(
      /admin\/admin|"admin"\s*,\s*"admin"/,
    );
  });

  it("signs in only the tenant's owner group (Editor) and the admins (Admin) through the identity provider", () => {
    const { env } = render();
    expect(env).toMatchObject({
      GF_SERVER_ROOT_URL: 'https://grafana.team-a.example.com/',
      GF_AUTH_GENERIC_OAUTH_ENABLED: 'true',
      GF_AUTH_GENERIC_OAUTH_CLIENT_ID: 'grafana-team-a',
      GF_AUTH_GENERIC_OAUTH_AUTH_URL:
        'https://login.example.com/oauth2/v1/authorize',
      GF_AUTH_GENERIC_OAUTH_ALLOWED_GROUPS: '["team-a","platform-admins"]',
      GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_PATH:
        "contains(groups[*], 'platform-admins') && 'Admin' || contains(groups[*], 'team-a') && 'Editor'",
      GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_STRICT: 'true',
      GF_USERS_ALLOW_SIGN_UP: 'false',
    });
  });

  it('is reached through an Ingress with TLS for its own host, and lets in only the ingress controller', () => {
    const { one } = render();
    const ingress = one('Ingress');
    expect(ingress.spec.tls).toEqual([
      {
        hosts: ['grafana.team-a.example.com'],
        secretName: 'grafana-team-a-tls',
      },
    ]);
    expect(ingress.spec.rules[0].host).toBe('grafana.team-a.example.com');
    const policy = one('NetworkPolicy');
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 'http' }],
      },
    ]);
  });

  it("reaches only DNS, the gateway's namespace and the configured CIDRs", () => {
    const inCluster = render({
      gatewayBaseUrl: 'http://backstage.backstage.svc.cluster.local:7007',
    }).one('NetworkPolicy');
    const to = (policy: any) => policy.spec.egress.flatMap((e: any) => e.to);
    expect(to(inCluster)).toEqual([
      {
        namespaceSelector: {
          matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
        },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      },
      {
        namespaceSelector: {
          matchLabels: { 'kubernetes.io/metadata.name': 'backstage' },
        },
      },
      { ipBlock: { cidr: '203.0.113.0/24' } },
    ]);
    expect(inCluster.spec.egress[2].ports).toEqual([
      { protocol: 'TCP', port: 443 },
    ]);
    const outside = render().one('NetworkPolicy');
    expect(to(outside)).toContainEqual({ ipBlock: { cidr: '203.0.113.0/24' } });
    expect(
      to(outside).some(
        (t: any) =>
          t.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ===
          'backstage',
      ),
    ).toBe(false);
  });

  it('refuses what would not work once applied, naming the setting', () => {
    expect(() =>
      render({ grafanaUrl: 'http://grafana.team-a.example.com' }),
    ).toThrow(
      "grafanaUrl: the Grafana is served over TLS, so its URL must be https, got 'http://grafana.team-a.example.com'",
    );
    expect(() =>
      render({ grafanaUrl: 'https://grafana.Ops.(core).example.com' }),
    ).toThrow(/grafanaUrl: must be https:\/\/<DNS name>/);
    expect(() =>
      render({ tenantGrafana: { ...settings.tenantGrafana, egressCidrs: [] } }),
    ).toThrow(
      "monitoringStack.admin.tenantGrafana.egressCidrs: the Grafana's NetworkPolicy needs the addresses of https://backstage.example.com, https://login.example.com/oauth2/v1/token, https://login.example.com/oauth2/v1/userinfo, which are outside the cluster",
    );
    expect(() =>
      render({ tenantGrafana: { ...settings.tenantGrafana, sso: undefined } }),
    ).toThrow('monitoringStack.admin.tenantGrafana.sso: needs');
  });

  it('passes the Kubernetes schemas, the external-secrets CRDs and CloudFormation', async () => {
    expect(await validateBundle(grafanaFiles(teamA, settings))).toEqual([]);
  });
});
