import { InputError } from '@backstage/errors';
import { z } from 'zod';
import {
  quoteMeta,
  TenantMatcher,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { parseWith } from '@tenant-monitoring/plugin-monitoring-stack-node';

/** An Alertmanager API v2 matcher. */
export type SilenceMatcher = {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual?: boolean;
};

/**
 * True when a matcher pins a silence inside the tenant: `label="v"` with one
 * of the tenant's values, or `label=~"a|b"` whose alternatives are all the
 * tenant's (quoted) values. Anything looser could silence another tenant.
 */
function isTenantMatcher(m: SilenceMatcher, tenant: TenantMatcher): boolean {
  if (m.name !== tenant.label || m.isEqual === false) return false;
  if (!m.isRegex) return tenant.values.includes(m.value);
  const allowed = new Set(tenant.values.map(quoteMeta));
  const parts = m.value.split('|');
  return parts.length > 0 && parts.every(p => allowed.has(p));
}

/**
 * True when a silence belongs to the tenant: it has a tenant matcher, and
 * every other positive matcher on the tenant's label is one too. A silence
 * that also names another tenant's value (`namespace="team-a"` next to
 * `namespace="team-b"`) would otherwise belong to both, and show one tenant's
 * silence to the other.
 */
export function silenceBelongsTo(
  silence: { matchers?: SilenceMatcher[] },
  tenant: TenantMatcher,
): boolean {
  const onLabel = (silence.matchers ?? []).filter(
    m => m.name === tenant.label && m.isEqual !== false,
  );
  return onLabel.length > 0 && onLabel.every(m => isTenantMatcher(m, tenant));
}

/** Alertmanager's PostableSilence, with only the fields its API v2 documents. */
const postableSilence = z.object({
  id: z.string().optional(),
  matchers: z.array(
    z.object({
      name: z.string(),
      value: z.string(),
      isRegex: z.boolean(),
      isEqual: z.boolean().optional(),
    }),
  ),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
});

/** A silence to create or change, as the gateway forwards it. */
export type PostableSilence = z.infer<typeof postableSilence>;

/**
 * Reads a silence to create or change into a fresh object of the documented
 * fields alone. Alertmanager (Go) reads JSON keys case-insensitively, the
 * last one winning: `{"value":"mine","Value":"theirs"}` would pass a check of
 * `value` and silence `theirs`. Forwarding only what was checked closes that.
 */
export function parsePostableSilence(body: unknown): PostableSilence {
  return parseWith(postableSilence, body, 'silence');
}

/** Refuses a silence that the tenant may not create or change. */
export function assertTenantSilence(
  silence: PostableSilence,
  tenant: TenantMatcher,
): void {
  if (!silenceBelongsTo(silence, tenant)) {
    throw new InputError(
      `silence: needs an exact matcher on ${tenant.label} for this tenant, e.g. ${tenant.label}="${tenant.values[0]}"`,
    );
  }
}
