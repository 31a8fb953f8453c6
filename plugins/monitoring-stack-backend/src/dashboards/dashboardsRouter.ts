import { InputError } from '@backstage/errors';
import {
  TenantDashboard,
  TenantDashboardSource,
  TenantDashboardsResponse,
  TenantRef,
  withoutTrailingSlash,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  callUpstream,
  parseWith,
  TenantGrafanaCredentialsService,
  upstreamFailure,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { mapLimit } from '../lib/mapLimit';
import { RequestScopes } from '../tenancy/RequestScopes';
import { tenantGrafana } from './tenantGrafana';

type GrafanaSearchHit = {
  uid: string;
  title: string;
  url: string;
  type?: string;
  tags?: string[];
  folderTitle?: string;
  folderUid?: string;
};

const GRAFANA_CONCURRENCY = 4;

const filters = z
  .object({
    tag: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
    folder: z.string().min(1).max(200).optional(),
    query: z.string().max(200).optional(),
  })
  .passthrough();

/** The link of a search hit: Grafana answers paths that include its sub-path. */
function dashboardUrl(grafanaUrl: string, path: string): string {
  const base = new URL(grafanaUrl);
  const prefix = withoutTrailingSlash(base.pathname);
  if (prefix && path.startsWith(`${prefix}/`)) {
    return `${base.origin}${path}`;
  }
  return `${withoutTrailingSlash(grafanaUrl)}${path}`;
}

/**
 * `GET /tenants/:tenant/dashboards?tag=..&folder=..&query=..`: the tenant's
 * dashboards, searched in the tenant's own Grafana (`tenant.grafanaUrl`)
 * with its service account token (`monitoringStack.grafanaServiceAccounts`,
 * else the one `grafana:provision` stored); `configured: false` when there
 * is none. The admin view searches every tenant's Grafana.
 */
export function createDashboardsRouter(options: {
  scopes: RequestScopes;
  grafanaCredentials: TenantGrafanaCredentialsService;
}): express.Router {
  const { scopes, grafanaCredentials } = options;
  const router = Router();

  const search = async (
    tenant: TenantRef,
    params: URLSearchParams,
  ): Promise<{ source: TenantDashboardSource; hits: TenantDashboard[] }> => {
    const path = `/api/search?${params}`;
    try {
      const grafana = await tenantGrafana(tenant, grafanaCredentials);
      if (!grafana) {
        return { source: { tenant: tenant.id, configured: false }, hits: [] };
      }
      const { upstream, headers } = grafana;
      const answer = await callUpstream(upstream, 'GET', path, { headers });
      if (!answer.ok) {
        throw upstreamFailure(
          upstream,
          {
            method: 'GET',
            path: '/api/search',
            status: answer.status,
            reason: '',
          },
          "check the tenant's Grafana service account token",
        );
      }
      const hits = JSON.parse(answer.text) as GrafanaSearchHit[];
      return {
        source: { tenant: tenant.id, configured: true },
        hits: hits
          .filter(h => (h.type ?? 'dash-db') === 'dash-db')
          .map(h => ({
            tenant: tenant.id,
            uid: h.uid,
            title: h.title,
            url: dashboardUrl(tenant.grafanaUrl!, h.url),
            folderTitle: h.folderTitle,
            folderUid: h.folderUid,
            tags: h.tags ?? [],
          })),
      };
    } catch (error) {
      return {
        source: {
          tenant: tenant.id,
          configured: true,
          error: (error as Error).message,
        },
        hits: [],
      };
    }
  };

  router.get('/tenants/:tenant/dashboards', async (req, res) => {
    const scope = await scopes.scope(req, req.params.tenant);
    const input = parseWith(filters, req.query, 'dashboard filters');
    const params = new URLSearchParams({ type: 'dash-db' });
    const tags = input.tag === undefined ? [] : [input.tag].flat();
    if (tags.length > 10) throw new InputError('at most 10 tags');
    tags.forEach(t => params.append('tag', t));
    if (input.folder) params.set('folderUIDs', input.folder);
    if (input.query) params.set('query', input.query);
    const tenants = scope.kind === 'tenant' ? [scope.tenant] : scope.tenants;
    const results = await mapLimit(tenants, GRAFANA_CONCURRENCY, t =>
      search(t, params),
    );
    const body: TenantDashboardsResponse = {
      tenant: scope.kind === 'tenant' ? scope.tenant.id : '*',
      dashboards: results
        .flatMap(r => r.hits)
        .sort(
          (a, b) =>
            a.tenant.localeCompare(b.tenant) ||
            (a.folderTitle ?? '').localeCompare(b.folderTitle ?? '') ||
            a.title.localeCompare(b.title),
        ),
      sources: results.map(r => r.source),
    };
    res.json(body);
  });

  return router;
}
