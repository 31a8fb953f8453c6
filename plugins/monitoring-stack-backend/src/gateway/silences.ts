import { InputError } from '@backstage/errors';
import { z } from 'zod';
import {
  quoteMeta,
  ScopedTenant,
  TENANT_ALERT_LABEL,
  TenantMatcher,
  tenantMatcher,
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
 * True when a matcher pins a silence to the values of `m`: `label="v"` with
 * one of them, or `label=~"a|b"` whose alternatives are all of them (quoted).
 * Anything looser could silence another tenant.
 */
function pinsTo(s: SilenceMatcher, m: TenantMatcher): boolean {
  if (s.name !== m.label || s.isEqual === false) return false;
  if (!s.isRegex) return m.values.includes(s.value);
  const allowed = new Set(m.values.map(quoteMeta));
  return s.value.split('|').every(p => allowed.has(p));
}

/** The positive matchers of a silence on `label`. */
function onLabel(silence: { matchers?: SilenceMatcher[] }, label: string) {
  return (silence.matchers ?? []).filter(
    m => m.name === label && m.isEqual !== false,
  );
}

/** The matchers that name an alert's tenant, `tenant_id="<id>"`; `tenant_id=""` names none. */
function tenantIdMatchers(silence: { matchers?: SilenceMatcher[] }) {
  return onLabel(silence, TENANT_ALERT_LABEL).filter(m => m.value !== '');
}

/**
 * True when a silence belongs to the tenant, as its alerts do (see
 * `ownsAlert`): one that names a tenant id is that tenant's alone, and
 * belongs to the tenant when every positive `tenant_id` matcher pins its id;
 * one that names none belongs to a namespace tenant when it has a namespace
 * matcher and every positive one pins the tenant's namespaces. A silence
 * that also names another tenant's value (`namespace="team-a"` next to
 * `namespace="team-b"`) would otherwise belong to both.
 */
export function silenceBelongsTo(
  silence: { matchers?: SilenceMatcher[] },
  tenant: ScopedTenant,
): boolean {
  const named = tenantIdMatchers(silence);
  if (named.length > 0) {
    const id = { label: TENANT_ALERT_LABEL, values: [tenant.id] };
    return named.every(m => pinsTo(m, id));
  }
  if (tenant.seriesLabel === TENANT_ALERT_LABEL || !tenant.namespaces.length)
    return false;
  const namespaces = tenantMatcher(tenant);
  const pins = onLabel(silence, namespaces.label);
  return pins.length > 0 && pins.every(m => pinsTo(m, namespaces));
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

/**
 * The silence the tenant may create or change, as it goes to Alertmanager;
 * refuses one that is not the tenant's (see {@link silenceBelongsTo}). A
 * silence scoped by namespace is narrowed to the alerts without a
 * `tenant_id` (`tenant_id=""`): in its namespaces, an alert that names a
 * tenant is that tenant's, and another tenant's rule may have computed the
 * namespace.
 */
export function tenantSilence(
  silence: PostableSilence,
  tenant: ScopedTenant,
): PostableSilence {
  if (!silenceBelongsTo(silence, tenant)) {
    const id = `${TENANT_ALERT_LABEL}="${tenant.id}"`;
    const namespace =
      tenant.seriesLabel === 'namespace' && tenant.namespaces[0];
    throw new InputError(
      namespace
        ? `silence: needs an exact matcher for this tenant: ${id}, or namespace="${namespace}" for its alerts without a ${TENANT_ALERT_LABEL}`
        : `silence: needs an exact matcher on ${TENANT_ALERT_LABEL} for this tenant, ${id}`,
    );
  }
  // Either it names the tenant or it already pins alerts without a tenant_id.
  if (onLabel(silence, TENANT_ALERT_LABEL).length > 0) return silence;
  return {
    ...silence,
    matchers: [
      ...silence.matchers,
      { name: TENANT_ALERT_LABEL, value: '', isRegex: false, isEqual: true },
    ],
  };
}
