import {
  HttpRouterService,
  LifecycleService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { TenantDirectory } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { RequestScopes } from '../tenancy/RequestScopes';
import { GatewayConfig } from './gatewayConfig';
import { createLogsTailHandler, logsTailPath } from './logsRouter';

/** How often tenants new in the catalog get their tail route; the directory's own pace. */
const REFRESH_MS = 30 * 1000;
/** How long the backend's start waits for the first list of tenants. */
const FIRST_LIST_WAIT_MS = 15 * 1000;

/**
 * Registers every tenant's live tail, `/tenants/<id>/logs/loki/api/v1/tail`
 * (the path Grafana's Loki data source and the logs card use), as a WebSocket
 * route. Since backend-defaults 0.19 the backend's server takes every upgrade
 * itself once a plugin registers a WebSocket route (this one, signals), and
 * answers 404 for a path without one: upgrades no longer reach Express.
 * WebSocket routes are exact paths, so there is one per tenant, and the admin
 * view (`*`): registered at start, then for tenants the catalog gains (within
 * `REFRESH_MS`). A route outliving its tenant refuses like any unknown tenant.
 * On an older backend (no `addWebSocketHandler`) nothing is registered.
 */
export function registerLogsTailRoutes(options: {
  httpRouter: HttpRouterService;
  lifecycle: LifecycleService;
  logger: LoggerService;
  directory: TenantDirectory;
  gateway: GatewayConfig;
  scopes: RequestScopes;
}) {
  const { httpRouter, lifecycle, logger, directory, gateway, scopes } = options;
  // A backend before backend-defaults 0.19 (Backstage 1.55, what
  // create-app 0.9.2 makes) has no WebSocket routes, and passes upgrades to
  // Express: the tail's Express route serves them there.
  if (typeof httpRouter.addWebSocketHandler !== 'function') {
    logger.info(
      'This backend has no WebSocket routes (backend-defaults before 0.19): the live tail is served by its Express route',
    );
    return;
  }
  const tail = createLogsTailHandler({
    upstream: gateway.logs,
    scope: (req, tenantId, right, limits) =>
      scopes.scope(req, tenantId, { right, allowServices: true, ...limits }),
    appOrigin: gateway.appOrigin,
  });
  const registered = new Set<string>();
  const register = (tenant: string) => {
    const path = logsTailPath(tenant);
    if (registered.has(path)) return;
    registered.add(path);
    try {
      httpRouter.addWebSocketHandler({
        path,
        // The framework takes tokens only; the tail also takes the user
        // cookie, with an Origin check, so it authenticates by itself.
        authPolicy: 'unauthenticated',
        handler: ({ request, socket, head }) =>
          tail({ request, socket, head }, tenant),
      });
    } catch (error) {
      logger.warn(`No live tail for tenant ${tenant}: ${error}`);
    }
  };
  const sync = async () => {
    try {
      for (const id of (await directory.all()).keys()) register(id);
    } catch (error) {
      logger.warn(`Could not list the tenants for their live tails: ${error}`);
    }
  };

  register('*');
  let timer: ReturnType<typeof setInterval> | undefined;
  lifecycle.addStartupHook(async () => {
    let waited: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      sync(),
      new Promise<void>(resolve => {
        waited = setTimeout(resolve, FIRST_LIST_WAIT_MS);
        waited.unref();
      }),
    ]);
    clearTimeout(waited);
    timer = setInterval(sync, REFRESH_MS);
    timer.unref();
  });
  lifecycle.addShutdownHook(() => clearInterval(timer));
}
