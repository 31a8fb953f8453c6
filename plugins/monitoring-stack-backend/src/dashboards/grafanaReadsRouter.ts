import { InputError, NotFoundError } from '@backstage/errors';
import {
  NotConfiguredError,
  tenantGrafanaNotConfigured,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  callUpstream,
  TenantGrafanaCredentialsService,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import express from 'express';
import Router from 'express-promise-router';
import { RequestScopes } from '../tenancy/RequestScopes';
import { tenantGrafana } from './tenantGrafana';

/**
 * What the community Grafana plugin (`@backstage-community/plugin-grafana`)
 * reads from a Grafana: dashboard search, legacy alerts, and unified
 * alerting's rules and alerts. Nothing else of the tenant's Grafana is
 * reachable through the portal, and nothing is written.
 */
export const GRAFANA_PLUGIN_READS = [
  '/api/search',
  '/api/alerts',
  '/api/ruler/grafana/api/v1/rules',
  '/api/prometheus/grafana/api/v1/alerts',
] as const;

/**
 * `GET /tenants/:tenant/grafana/<read>`: the community Grafana plugin's reads
 * of the tenant's own Grafana (`tenant.grafanaUrl`), for a caller who may
 * read the tenant, with the tenant's service account token
 * (`monitoringStack.grafanaServiceAccounts`, else the one
 * `grafana:provision` stored), which never reaches the browser; a
 * NotConfiguredError (503) names what is missing when either is. The
 * frontend's `TenantGrafanaApi` points the plugin's client of each tenant here.
 */
export function createGrafanaReadsRouter(options: {
  scopes: RequestScopes;
  grafanaCredentials: TenantGrafanaCredentialsService;
}): express.Router {
  const { scopes, grafanaCredentials } = options;
  const router = Router();

  router.get('/tenants/:tenant/grafana/*', async (req, res) => {
    const scope = await scopes.scope(req, req.params.tenant);
    if (scope.kind !== 'tenant') {
      throw new InputError(
        "Each tenant has its own Grafana: name a tenant, not '*'",
      );
    }
    const path = `/${(req.params as Record<string, string>)[0]}`;
    if (!(GRAFANA_PLUGIN_READS as readonly string[]).includes(path)) {
      throw new NotFoundError(
        `The Grafana pass-through serves ${GRAFANA_PLUGIN_READS.join(
          ', ',
        )} only, not ${path}`,
      );
    }
    const { tenant } = scope;
    const grafana = await tenantGrafana(tenant, grafanaCredentials);
    if (!grafana) {
      throw new NotConfiguredError(
        tenantGrafanaNotConfigured(tenant.id, Boolean(tenant.grafanaUrl)),
      );
    }
    const query = req.originalUrl.includes('?')
      ? req.originalUrl.slice(req.originalUrl.indexOf('?'))
      : '';
    const answer = await callUpstream(
      grafana.upstream,
      'GET',
      `${path}${query}`,
      {
        headers: grafana.headers,
      },
    );
    // Grafana's API answers JSON, its errors included.
    res.status(answer.status).type('application/json').send(answer.text);
  });

  return router;
}
