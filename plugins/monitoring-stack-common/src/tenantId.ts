/**
 * Tenant ids follow the rules Loki and Thanos share (Loki's "Multi-tenancy"
 * docs): at most 150 bytes of `0-9 a-z A-Z ! - _ . * ' ( )`, and neither `.`
 * nor `..`. `|` is Loki's multi-tenant separator and is never part of an id.
 */

/** Largest tenant id Loki accepts, in bytes. @public */
export const TENANT_ID_MAX_BYTES = 150;

/** The tenant id that stands for "every tenant" (the admin view). @public */
export const ADMIN_TENANT_ID = '*';

const TENANT_ID_CHARS = /^[0-9a-zA-Z!\-_.*'()]+$/;

/**
 * Loki's own folders in the logs bucket, beside the tenants' `<id>/`: the
 * TSDB index of every tenant and the ruler's rules. A tenant of that id
 * would get a lifecycle rule on the folder, which would expire every
 * tenant's index or rules.
 */
const LOKI_BUCKET_FOLDERS = ['index', 'rules'];

/**
 * Returns why `id` is not a valid tenant id, or undefined when it is.
 * @public
 */
export function tenantIdProblem(id: string): string | undefined {
  if (id.length === 0) {
    return 'must not be empty';
  }
  if (id.includes('|')) {
    return "must not contain '|' (Loki's multi-tenant separator)";
  }
  if (!TENANT_ID_CHARS.test(id)) {
    return "may only contain 0-9 a-z A-Z ! - _ . * ' ( )";
  }
  // Only ASCII is left, so characters and bytes are the same count.
  if (id.length > TENANT_ID_MAX_BYTES) {
    return `must be at most ${TENANT_ID_MAX_BYTES} bytes, got ${id.length}`;
  }
  if (id === '.' || id === '..') {
    return "must not be '.' or '..'";
  }
  if (id === ADMIN_TENANT_ID) {
    return "'*' is reserved for the admin view";
  }
  if (LOKI_BUCKET_FOLDERS.includes(id)) {
    return `'${id}' is a folder of Loki's own in the logs bucket`;
  }
  return undefined;
}

/** True when `id` is a valid tenant id. @public */
export function isValidTenantId(id: string): boolean {
  return tenantIdProblem(id) === undefined;
}
