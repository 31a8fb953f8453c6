/**
 * Catalog entity names are stricter than tenant ids (at most 63 characters of
 * `[a-zA-Z0-9]` separated by single `-_.`), so every name we derive from a
 * tenant id or an AWS name goes through here. A name that has to be changed
 * gets a hash of the original so two different inputs never collide.
 */

const ENTITY_NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;

// FNV-1a: tiny, stable across runtimes, and enough to tell names apart.
function fnv1a(input: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * Turns any string into a valid entity name of at most `maxLength`
 * characters; names that are already valid (lower case) pass unchanged.
 * @public
 */
export function toEntityName(raw: string, maxLength = 63): string {
  if (raw.length <= maxLength && ENTITY_NAME.test(raw)) {
    return raw;
  }
  const hash = fnv1a(raw);
  const base = raw
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength - hash.length - 1)
    .replace(/-+$/, '');
  return base ? `${base}-${hash}` : hash;
}

/** Longest slug, leaving room for the longest suffix within 63 characters. */
const TENANT_SLUG_MAX = 40;

/** The entity-name stem of a tenant's entities. @public */
export function tenantSlug(tenantId: string): string {
  return toEntityName(tenantId, TENANT_SLUG_MAX);
}

/** Name of the System entity that is a tenant's monitoring stack. @public */
export function tenantSystemName(tenantId: string): string {
  return `${tenantSlug(tenantId)}-monitoring`;
}

/** Name of the admin System (the shared stack every tenant depends on). @public */
export const ADMIN_SYSTEM_NAME = 'monitoring-stack-admin';
