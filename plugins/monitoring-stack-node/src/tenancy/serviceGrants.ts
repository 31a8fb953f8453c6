import { Config } from '@backstage/config';
import {
  ADMIN_TENANT_ID,
  tenantIdProblem,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { ServiceGrant, TENANT_RIGHTS, TenantRight } from './grants';
import { TENANT_TOKEN_SUBJECT_PREFIX } from './tenantTokenCredentials';

/**
 * Why `subject` cannot be granted anything, or undefined when it can. A
 * subject from config is compared in full with the one Backstage gives a
 * caller: `<subject>` for a static token, `external:<sub>` (or
 * `external:<prefix>:<sub>`) for a JWKS token. `plugin:` subjects are
 * refused: every caller of that plugin (the MCP actions backend for every
 * agent, the scaffolder) would get the grant. `tenant-token:` subjects are
 * refused too: they name the portal's tenant access tokens, whose grants
 * live in the plugin's database.
 * @public
 */
export function serviceSubjectProblem(subject: string): string | undefined {
  if (subject.startsWith('plugin:')) {
    return `'${subject}' is a Backstage plugin; grant the caller's external access subject instead (a static token's subject, or external:<sub> for a JWKS token)`;
  }
  if (subject.startsWith(TENANT_TOKEN_SUBJECT_PREFIX)) {
    return `'${subject}' names a tenant access token of the portal, whose grant is its own; use another subject`;
  }
  return undefined;
}

/** Where static service tokens are granted tenants and rights. @public */
export const SERVICE_TOKENS_KEY = 'monitoringStack.gateway.serviceTokens';

/**
 * The grants of `monitoringStack.gateway.serviceTokens[]` by full subject,
 * failing at start on a bad entry, naming its key.
 * @public
 */
export function readServiceGrants(config: Config): Map<string, ServiceGrant> {
  const grants = new Map<string, ServiceGrant>();
  (config.getOptionalConfigArray(SERVICE_TOKENS_KEY) ?? []).forEach(
    (entry, i) => {
      const key = `${SERVICE_TOKENS_KEY}[${i}]`;
      const subject = entry.getString('subject');
      const refused = serviceSubjectProblem(subject);
      if (refused) throw new Error(`${key}.subject: ${refused}`);
      const tenant = entry.getString('tenant');
      const problem =
        tenant === ADMIN_TENANT_ID ? undefined : tenantIdProblem(tenant);
      if (problem) throw new Error(`${key}.tenant: ${problem}`);
      const rights = entry.getOptionalStringArray('rights') ?? ['read'];
      const unknown = rights.find(
        r => !(TENANT_RIGHTS as string[]).includes(r),
      );
      if (unknown !== undefined) {
        throw new Error(
          `${key}.rights: '${unknown}' is not one of ${TENANT_RIGHTS.join(
            ', ',
          )}`,
        );
      }
      if (grants.has(subject)) {
        throw new Error(`${key}.subject: '${subject}' is listed twice`);
      }
      grants.set(subject, { tenant, rights: rights as TenantRight[] });
    },
  );
  return grants;
}
