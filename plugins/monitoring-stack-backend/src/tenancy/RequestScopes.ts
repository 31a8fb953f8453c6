import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import {
  TenantAuthorizer,
  TenantRight,
  TenantScope,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { Request } from 'express';

/**
 * The trust boundary of every route: who sends the request (a user, or a
 * static service token where the route takes one), which tenant it acts
 * on, with which right. Reads through the admin view (`*`) are put on
 * record, since they see every tenant.
 */
export class RequestScopes {
  constructor(
    private readonly deps: {
      httpAuth: HttpAuthService;
      authorizer: TenantAuthorizer;
      auditor: AuditorService;
    },
  ) {}

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
    const credentials = await this.deps.httpAuth.credentials(req, {
      allow: options.allowServices ? ['user', 'service'] : ['user'],
      allowLimitedAccess: options.allowLimitedAccess,
    });
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
