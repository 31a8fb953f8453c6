import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  TenantAuthorizer,
  TenantRight,
  TenantScope,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { Request } from 'express';
import { TenantTokenAuth } from '../tokens/TenantTokenAuth';

/**
 * The trust boundary of every route: who sends the request (a user, or a
 * service where the route takes one: a static service token or a tenant
 * token), which tenant it acts on, with which right. Reads through the
 * admin view (`*`) are put on record, since they see every tenant.
 */
export class RequestScopes {
  constructor(
    private readonly deps: {
      httpAuth: HttpAuthService;
      authorizer: TenantAuthorizer;
      auditor: AuditorService;
      /** Tenant tokens (`Bearer mst_…`), beside Backstage's tokens. */
      tokens: TenantTokenAuth;
    },
  ) {}

  /**
   * The caller: a tenant token's service principal, or the user (or
   * service, with `allowServices`) Backstage authenticates; 401 without
   * valid credentials, 403 for a service or tenant token on a route for
   * users.
   */
  async credentials(
    req: Request,
    options: { allowServices?: boolean; allowLimitedAccess?: boolean } = {},
  ): Promise<BackstageCredentials> {
    const token = await this.deps.tokens.credentials(req);
    if (token) {
      if (!options.allowServices) {
        throw new NotAllowedError(
          'This endpoint does not allow tenant tokens, only users',
        );
      }
      return token;
    }
    return this.deps.httpAuth.credentials(req, {
      allow: options.allowServices ? ['user', 'service'] : ['user'],
      allowLimitedAccess: options.allowLimitedAccess,
    });
  }

  async scope(
    req: Request,
    tenantId: string,
    options: {
      right?: TenantRight;
      allowServices?: boolean;
      /** Also accept the user cookie (limited access), for browser WebSockets. */
      allowLimitedAccess?: boolean;
    } = {},
  ): Promise<TenantScope> {
    const right = options.right ?? 'read';
    const credentials = await this.credentials(req, options);
    const scope = await this.deps.authorizer.scope(
      tenantId,
      credentials,
      right,
    );
    if (scope.kind === 'admin') {
      const event = await this.deps.auditor.createEvent({
        eventId: 'admin-view',
        severityLevel: right === 'read' ? 'medium' : 'high',
        request: req,
        meta: { right, tenants: scope.tenants.length },
      });
      await event.success();
    }
    return scope;
  }
}
