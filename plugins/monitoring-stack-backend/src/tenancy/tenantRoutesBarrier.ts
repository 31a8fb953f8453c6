import { HttpAuthService } from '@backstage/backend-plugin-api';
import { RequestHandler } from 'express';
import { TenantTokenAuth } from '../tokens/TenantTokenAuth';

/**
 * The path the plugin opens in Backstage's credentials barrier
 * (`httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' })`), since
 * that barrier refuses a tenant token before any route sees it. Backstage
 * matches it as a prefix, case-insensitively: `/tenants` and everything
 * under it. {@link createTenantRoutesBarrier} puts the barrier back.
 */
export const TENANT_ROUTES_PATH = '/tenants';

const UNDER_TENANT_ROUTES = /^\/tenants(?:[/#?]|$)/i;
// The live tail's HTTP route takes the user cookie, for browsers.
const TAIL = /^\/tenants\/[^/]+\/logs\/loki\/api\/v1\/tail\/?$/i;

/**
 * Backstage's credentials barrier again for {@link TENANT_ROUTES_PATH},
 * with tenant tokens beside Backstage's: a request there passes on only
 * with a valid tenant token or with the user or service credentials
 * Backstage's barrier asks for (the user cookie on the live tail), and is
 * answered 401 otherwise, whatever route it is for (an unknown one too).
 * Each route still decides the caller's rights (`RequestScopes`).
 */
export function createTenantRoutesBarrier(options: {
  httpAuth: HttpAuthService;
  tokens: TenantTokenAuth;
}): RequestHandler {
  const { httpAuth, tokens } = options;
  return (req, _res, next) => {
    if (!UNDER_TENANT_ROUTES.test(req.path)) {
      next();
      return;
    }
    const check = async () => {
      if (await tokens.credentials(req)) return;
      await httpAuth.credentials(req, {
        allow: ['user', 'service'],
        allowLimitedAccess: TAIL.test(req.path),
      });
    };
    check().then(() => next(), next);
  };
}
