import {
  TENANT_GRAFANA_SECRET_KEYS,
  TENANT_GRAFANA_SERVICE_ACCOUNT_TOKEN_KEY,
  tenantGrafanaName,
  tenantGrafanaSecretName,
} from './tenantGrafanaSecrets';

describe("the names of a tenant Grafana's secrets", () => {
  it.each([
    ['team-a', 'monitoring-stack/tenants/grafana-team-a/admin-password'],
    // Ids that cannot be a Kubernetes name get the Grafana's hashed name.
    [
      'Team_A.prod',
      `monitoring-stack/tenants/${tenantGrafanaName(
        'Team_A.prod',
      )}/admin-password`,
    ],
  ])('%p → %p', (tenantId, name) => {
    expect(
      tenantGrafanaSecretName(
        tenantId,
        TENANT_GRAFANA_SECRET_KEYS.adminPassword,
      ),
    ).toBe(name);
    expect(tenantGrafanaName(tenantId)).toMatch(/^grafana-[a-z0-9-]+$/);
  });

  it("keeps the portal's token out of the keys the tenant's Grafana reads", () => {
    expect(Object.values(TENANT_GRAFANA_SECRET_KEYS)).toEqual([
      'gateway-token',
      'admin-password',
      'oauth-client-secret',
    ]);
    expect(Object.values(TENANT_GRAFANA_SECRET_KEYS)).not.toContain(
      TENANT_GRAFANA_SERVICE_ACCOUNT_TOKEN_KEY,
    );
  });

  it("never makes one tenant's folder a prefix of another's", () => {
    const a = tenantGrafanaSecretName('team-a', 'x');
    const ax = tenantGrafanaSecretName('team-a-x', 'x');
    expect(ax.startsWith(a.slice(0, a.lastIndexOf('/') + 1))).toBe(false);
  });
});
