import { InputError } from '@backstage/errors';
import { tenantIdProblem } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { RequestHandler } from 'express';

/**
 * Where one proxy endpoint of the app sends Roadie's Prometheus plugin
 * (`@roadiehq/backstage-plugin-prometheus` 3.3) for every tenant: the
 * plugin asks `<proxyPath>/query_range` and `<proxyPath>/rules` and names
 * the entity's `prometheus.io/service-name` (the tenant's id, written by the
 * catalog module) in {@link PROMETHEUS_SERVICE_NAME_HEADER}.
 */
export const COMMUNITY_PROMETHEUS_PATH = '/community/prometheus';

/** The header the plugin sets on each request (its `SERVICE_NAME_HEADER`). */
export const PROMETHEUS_SERVICE_NAME_HEADER = 'x-prometheus-service-name';

const UNDER = new RegExp(`^${COMMUNITY_PROMETHEUS_PATH}(?=[/?]|$)`, 'i');

/**
 * Serves {@link COMMUNITY_PROMETHEUS_PATH} as the metrics gateway of the
 * tenant the header names: the request goes on as
 * `/tenants/<tenant>/metrics/api/v1/...`, so the same barrier, scope and
 * PromQL enforcement decide it as a request made there. The header is the
 * caller's to choose, like the path's tenant: it picks which tenant is asked
 * for, never what the caller may read.
 */
export function createCommunityPrometheusRoute(): RequestHandler {
  return (req, _res, next) => {
    const match = UNDER.exec(req.url);
    if (!match) {
      next();
      return;
    }
    const tenant = req.get(PROMETHEUS_SERVICE_NAME_HEADER) ?? '';
    const problem = tenantIdProblem(tenant);
    if (problem) {
      throw new InputError(
        `The ${PROMETHEUS_SERVICE_NAME_HEADER} header names the tenant (the entity's prometheus.io/service-name annotation); '${tenant.slice(
          0,
          160,
        )}' ${problem}`,
      );
    }
    req.url = `/tenants/${encodeURIComponent(
      tenant,
    )}/metrics/api/v1${req.url.slice(match[0].length)}`;
    next();
  };
}
