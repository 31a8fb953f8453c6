import { InputError } from '@backstage/errors';
import {
  parseTenant,
  Tenant,
  TenantValidationError,
  tenantIdProblem,
} from '@internal/plugin-monitoring-stack-common';

/**
 * Validates a tenant given as step input with the shared tenant model, so
 * the actions accept exactly what the catalog and the gateway accept.
 * @public
 */
export function tenantFromInput(input: unknown, keyPrefix = 'input'): Tenant {
  try {
    return parseTenant(input, keyPrefix);
  } catch (e) {
    if (e instanceof TenantValidationError) {
      throw new InputError(e.problems.join('; '));
    }
    throw e;
  }
}

/** Throws an InputError naming the rule when `id` is no valid tenant id. @public */
export function assertTenantId(id: string): string {
  const problem = tenantIdProblem(id);
  if (problem) {
    throw new InputError(`tenantId '${id}': ${problem}`);
  }
  return id;
}
