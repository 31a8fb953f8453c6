import { InputError } from '@backstage/errors';
import {
  MonitoringStackSettings,
  NotConfigured,
  tenantGrafanaNotConfigured,
  TenantPartSetup,
  TenantRef,
  TenantSetupResponse,
  upstreamNotConfigured,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { TenantGrafanaCredentialsService } from '@tenant-monitoring/plugin-monitoring-stack-node';
import express from 'express';
import Router from 'express-promise-router';
import { tenantGrafana } from '../dashboards/tenantGrafana';
import { metricsUpstream } from '../upstream/stackUpstreams';
import { RequestScopes } from './RequestScopes';

const part = (
  configured: boolean,
  notConfigured: NotConfigured,
): TenantPartSetup =>
  configured ? { configured: true } : { configured: false, ...notConfigured };

/**
 * What the portal can read of a tenant, part by part: the shared upstreams
 * the gateway forwards to (metrics is Thanos Query or Prometheus) and the
 * tenant's own Grafana, readable with a URL and a service account token.
 */
export function tenantSetup(
  settings: MonitoringStackSettings,
  tenant: TenantRef,
  grafanaReadable: boolean,
): TenantSetupResponse {
  return {
    tenant: tenant.id,
    parts: {
      metrics: part(
        metricsUpstream(settings) !== undefined,
        upstreamNotConfigured('prometheus'),
      ),
      logs: part(
        settings.upstreams.loki !== undefined,
        upstreamNotConfigured('loki'),
      ),
      alertmanager: part(
        settings.upstreams.alertmanager !== undefined,
        upstreamNotConfigured('alertmanager'),
      ),
      grafana: part(
        grafanaReadable,
        tenantGrafanaNotConfigured(tenant.id, Boolean(tenant.grafanaUrl)),
      ),
    },
    ...(tenant.grafanaUrl ? { grafanaUrl: tenant.grafanaUrl } : {}),
  };
}

/**
 * `GET /tenants/:tenant/setup`: {@link tenantSetup} for a caller who may
 * read the tenant (403 otherwise), asking no upstream; the app asks it
 * before it shows another plugin's tab of the tenant.
 */
export function createTenantSetupRouter(options: {
  scopes: RequestScopes;
  settings: MonitoringStackSettings;
  grafanaCredentials: TenantGrafanaCredentialsService;
}): express.Router {
  const { scopes, settings, grafanaCredentials } = options;
  const router = Router();
  router.get('/tenants/:tenant/setup', async (req, res) => {
    const scope = await scopes.scope(req, req.params.tenant);
    if (scope.kind !== 'tenant') {
      throw new InputError(
        "The setup is the one of a tenant: name a tenant, not '*'",
      );
    }
    const grafana = await tenantGrafana(scope.tenant, grafanaCredentials);
    res.json(tenantSetup(settings, scope.tenant, grafana !== undefined));
  });
  return router;
}
