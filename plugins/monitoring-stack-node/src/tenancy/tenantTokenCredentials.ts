import {
  BackstageCredentials,
  BackstageServicePrincipal,
} from '@backstage/backend-plugin-api';
import {
  ADMIN_TENANT_ID,
  tenantIdProblem,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { ServiceGrant, TENANT_RIGHTS, TenantRight } from './grants';

/** The subject prefix of a tenant access token's principal. @public */
export const TENANT_TOKEN_SUBJECT_PREFIX = 'tenant-token:';

// The grants of credentials made here. Only these credentials carry one: a
// principal that merely names a `tenant-token:` subject gets nothing.
const carried = new WeakMap<BackstageCredentials, ServiceGrant>();

/**
 * Credentials for a caller with a verified tenant access token: a service
 * principal `tenant-token:<id>` that carries the token's grant, which
 * `TenantAuthorizer` decides like a static service token's. A tenant token
 * is for one tenant only: a grant of `*`, of an invalid tenant id or of an
 * unknown right is refused here whatever verified it.
 * @public
 */
export function tenantTokenCredentials(
  id: string,
  grant: ServiceGrant,
  expiresAt?: Date,
): BackstageCredentials<BackstageServicePrincipal> {
  if (grant.tenant === ADMIN_TENANT_ID || tenantIdProblem(grant.tenant)) {
    throw new Error(
      `A tenant token cannot be granted tenant '${grant.tenant}': tenant tokens are for one tenant`,
    );
  }
  const unknown = grant.rights.find(r => !TENANT_RIGHTS.includes(r));
  if (unknown !== undefined) {
    throw new Error(`A tenant token cannot have the right '${unknown}'`);
  }
  const credentials: BackstageCredentials<BackstageServicePrincipal> = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'service', subject: tenantTokenSubject(id) },
    ...(expiresAt && { expiresAt }),
  };
  carried.set(
    credentials,
    Object.freeze({
      tenant: grant.tenant,
      rights: Object.freeze([...grant.rights]) as TenantRight[],
    }),
  );
  return Object.freeze(credentials);
}

/** The grant carried by credentials from {@link tenantTokenCredentials}, or undefined. @public */
export function carriedGrant(
  credentials: BackstageCredentials,
): ServiceGrant | undefined {
  return carried.get(credentials);
}

/** The subject of the principal of tenant token `id`. @public */
export function tenantTokenSubject(id: string): string {
  return `${TENANT_TOKEN_SUBJECT_PREFIX}${id}`;
}
