import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ADMIN_TENANT_ID,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { TenantAuthorizer } from '@tenant-monitoring/plugin-monitoring-stack-node';

/**
 * The tenant `tenantId` as the platform declared it, once the task's user
 * may change it: the owner group and admins, decided by the same policy as
 * the gateway. Refuses an unknown tenant like a forbidden one, and `*`,
 * which stands for every tenant. Actions call it before anything else, so a
 * refusal leaves no trace, in dry runs too.
 * @public
 */
export async function writableTenant(
  authorizer: TenantAuthorizer,
  tenantId: string,
  ctx: { getInitiatorCredentials(): Promise<BackstageCredentials> },
): Promise<TenantRef> {
  const scope = await authorizer.scope(
    tenantId,
    await ctx.getInitiatorCredentials(),
    'write',
  );
  if (scope.kind !== 'tenant') {
    throw new InputError(
      `tenantId: '${ADMIN_TENANT_ID}' stands for every tenant; name one tenant`,
    );
  }
  return scope.tenant;
}
