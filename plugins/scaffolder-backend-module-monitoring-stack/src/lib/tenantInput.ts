import { InputError } from '@backstage/errors';
import {
  parseTenant,
  Tenant,
  TenantValidationError,
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
