import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  TenantAlert,
  TenantAlertsResponse,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  MonitoringStackAlertSource,
  monitoringStackAlertSourcesExtensionPoint,
  SourcesFactory,
  TenantScope,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import request from 'supertest';
import {
  auth,
  startGatewayBackend,
  USERS,
} from '../__testUtils__/gatewayBackend';

/** A module that hands the plugin alert sources through the extension point. */
function alertSourcesModule(
  ...additions: Array<
    MonitoringStackAlertSource | SourcesFactory<MonitoringStackAlertSource>
  >
) {
  return createBackendModule({
    pluginId: 'monitoring-stack',
    moduleId: 'test-alerts',
    register(reg) {
      reg.registerInit({
        deps: { alertSources: monitoringStackAlertSourcesExtensionPoint },
        async init({ alertSources }) {
          additions.forEach(a => alertSources.addAlertSource(a));
        },
      });
    },
  });
}

/** A source that answers one alert per tenant it is asked for, and records the scopes. */
function recordingSource() {
  const scopes: TenantScope[] = [];
  const source: MonitoringStackAlertSource = {
    id: 'pagerduty',
    async readAlerts(scope) {
      scopes.push(scope);
      const tenants = scope.kind === 'tenant' ? [scope.tenant] : scope.tenants;
      const alerts: TenantAlert[] = tenants.map(t => ({
        id: `pd-${t.id}`,
        name: 'IncidentOpen',
        severity: 'critical',
        state: 'firing',
        labels: { alertname: 'IncidentOpen', tenant: t.id },
        source: 'pagerduty',
      }));
      return { alerts };
    },
  };
  return { source, scopes };
}

const getAlerts = (
  server: Parameters<typeof request>[0],
  tenant: string,
  user: string,
) =>
  request(server)
    .get(`/api/monitoring-stack/tenants/${encodeURIComponent(tenant)}/alerts`)
    .set('Authorization', auth.user(user));

describe('monitoringStackAlertSourcesExtensionPoint', () => {
  it("answers a module's source's alerts for the tenant's scope alone", async () => {
    const { source, scopes } = recordingSource();
    const { server } = await startGatewayBackend({
      features: [alertSourcesModule(source)],
    });

    const res = await getAlerts(server, 'team-a', USERS.alice);

    expect(res.status).toBe(200);
    const body = res.body as TenantAlertsResponse;
    expect(body.tenant).toBe('team-a');
    expect(body.alerts.map(a => [a.id, a.source, a.labels.tenant])).toEqual([
      ['pd-team-a', 'pagerduty', 'team-a'],
    ]);
    // The built-in sources have no upstream here; CloudTrail is the admin view's alone.
    const notConfigured = {
      ok: false,
      reason: 'not-configured',
      error: 'not configured',
    };
    expect(body.sources).toEqual([
      { source: 'alertmanager', ...notConfigured },
      { source: 'prometheus', ...notConfigured },
      { source: 'loki', ...notConfigured },
      { source: 'pagerduty', ok: true },
    ]);
    expect(scopes).toHaveLength(1);
    expect(scopes[0]).toMatchObject({
      kind: 'tenant',
      tenant: { id: 'team-a' },
    });
    expect(JSON.stringify(scopes)).not.toContain('team-b');
  });

  it('reports a source that fails, and still answers', async () => {
    const failing: MonitoringStackAlertSource = {
      id: 'pagerduty',
      readAlerts: async () => {
        throw new Error('PagerDuty is down');
      },
    };
    const { server } = await startGatewayBackend({
      features: [alertSourcesModule(failing)],
    });

    const res = await getAlerts(server, 'team-b', USERS.bob);

    expect(res.status).toBe(200);
    expect(res.body.alerts).toEqual([]);
    expect(res.body.sources).toContainEqual({
      source: 'pagerduty',
      ok: false,
      reason: 'failed',
      error: 'PagerDuty is down',
    });
  });

  it("keeps internal addresses out of a failing source's error", async () => {
    const failing: MonitoringStackAlertSource = {
      id: 'pagerduty',
      readAlerts: async () => {
        throw new Error(
          'request to https://svc:s3cret@pd.internal:8443/incidents failed, reason: connect ECONNREFUSED 10.1.2.3:8443',
        );
      },
    };
    const { server } = await startGatewayBackend({
      features: [alertSourcesModule(failing)],
    });

    const res = await getAlerts(server, 'team-b', USERS.bob);

    expect(res.body.sources).toContainEqual({
      source: 'pagerduty',
      ok: false,
      reason: 'failed',
      error: 'request to *** failed, reason: connect ECONNREFUSED ***',
    });
    expect(JSON.stringify(res.body)).not.toMatch(/pd\.internal|s3cret|10\.1/);
  });

  it('lets a factory remove a built-in source', async () => {
    const { source, scopes } = recordingSource();
    const { server } = await startGatewayBackend({
      features: [
        alertSourcesModule(source, ({ getDefault }) =>
          getDefault().filter(s => s.id !== 'loki'),
        ),
      ],
    });

    const res = await getAlerts(server, 'team-a', USERS.alice);

    expect(res.status).toBe(200);
    expect(
      (res.body as TenantAlertsResponse).sources.map(s => s.source),
    ).toEqual(['alertmanager', 'prometheus', 'pagerduty']);
    expect(scopes).toHaveLength(1);
  });
});
