import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ADMIN_TENANT_ID,
  monitoringStackSilenceWritePermission,
} from '@internal/plugin-monitoring-stack-common';
import { Request } from 'express';
import { TenantAccess, TenantScope } from '../TenantAccess';
import { TenantRegistry } from '../TenantRegistry';

/**
 * Who may call the gateway for a tenant: Backstage users through the
 * permission framework, and service principals (a tenant's Grafana with a
 * static external access token) through `monitoringStack.gateway.serviceTokens`.
 */
export class GatewayAccess {
  constructor(
    private readonly httpAuth: HttpAuthService,
    private readonly access: TenantAccess,
    private readonly registry: TenantRegistry,
    private readonly permissions: PermissionsService,
    private readonly serviceTenants: Map<string, string>,
  ) {}

  /** The scope of the request for `tenantId`; `write` also checks silence rights. */
  async scope(
    req: Request,
    tenantId: string,
    options: { write?: boolean } = {},
  ): Promise<TenantScope> {
    const credentials = await this.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (credentials.principal.type === 'service') {
      const subject = credentials.principal.subject;
      const allowed =
        this.serviceTenants.get(subject) ??
        this.serviceTenants.get(subject.replace(/^external:/, ''));
      if (
        allowed === undefined ||
        (allowed !== tenantId && allowed !== ADMIN_TENANT_ID)
      ) {
        throw new NotAllowedError(
          `The service principal ${subject} may not read tenant '${tenantId}'`,
        );
      }
      if (tenantId === ADMIN_TENANT_ID) {
        return {
          kind: 'admin',
          tenants: [...(await this.registry.all()).values()],
        };
      }
      return { kind: 'tenant', tenant: await this.registry.get(tenantId) };
    }
    const scope = await this.access.scope(tenantId, credentials);
    if (options.write && scope.kind === 'tenant') {
      const [decision] = await this.permissions.authorize(
        [
          {
            permission: monitoringStackSilenceWritePermission,
            resourceRef: scope.tenant.entityRef,
          },
        ],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You may not change silences of tenant '${tenantId}'`,
        );
      }
    }
    return scope;
  }
}
