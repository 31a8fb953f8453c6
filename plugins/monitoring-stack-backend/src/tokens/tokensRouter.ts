import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { TenantTokenAuth } from './TenantTokenAuth';
import { TenantTokenManager, TokenCaller } from './TenantTokenManager';

/**
 * The tenant's access tokens, for its page: `GET /tenants/:tenant/tokens`
 * (never a secret or a hash), `POST` to create one (201, the token shown
 * this once), `POST .../:id/rotate` for a new secret, `DELETE .../:id` to
 * revoke it. Users only: a tenant token never manages tokens.
 */
export function createTokensRouter(options: {
  httpAuth: HttpAuthService;
  tokens: TenantTokenAuth;
  manager: TenantTokenManager;
}): express.Router {
  const { httpAuth, tokens, manager } = options;
  const router = Router();

  const caller = async (req: Request): Promise<TokenCaller> => {
    if (await tokens.credentials(req)) {
      throw new NotAllowedError('A tenant token may not manage tenant tokens');
    }
    return {
      credentials: await httpAuth.credentials(req, { allow: ['user'] }),
      request: req,
    };
  };
  // Answers that hold a token are not kept by any cache on the way.
  const noStore = (res: express.Response) =>
    res.setHeader('Cache-Control', 'no-store');

  router.get('/tenants/:tenant/tokens', async (req, res) => {
    const items = await manager.list(await caller(req), req.params.tenant);
    res.json({ items });
  });

  router.post('/tenants/:tenant/tokens', async (req, res) => {
    const issued = await manager.create(
      await caller(req),
      req.params.tenant,
      req.body,
    );
    noStore(res);
    res.status(201).json(issued);
  });

  router.post('/tenants/:tenant/tokens/:id/rotate', async (req, res) => {
    const issued = await manager.rotate(
      await caller(req),
      req.params.tenant,
      req.params.id,
    );
    noStore(res);
    res.json(issued);
  });

  router.delete('/tenants/:tenant/tokens/:id', async (req, res) => {
    res.json(
      await manager.revoke(await caller(req), req.params.tenant, req.params.id),
    );
  });

  return router;
}
