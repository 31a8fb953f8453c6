import {
  labelsMatch,
  ScopedTenant,
  TenantAlert,
  TenantMatcher,
  tenantMatcher,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { NewSilence, SilenceMatcher } from '../api';

/** What to build a silence from, besides the alert and its tenant. */
type SilenceOptions = {
  now: Date;
  durationMs: number;
  createdBy: string;
};

/**
 * The tenant matcher a silence of this alert needs, or why there is none. The
 * gateway refuses silences without an exact matcher on the tenant's label: a
 * `tenant_id` tenant's id, whatever the alert says; for namespace tenants the
 * alert's own namespace, which must be one of the tenant's.
 */
export function tenantMatcherFor(
  alert: TenantAlert,
  tenant: ScopedTenant,
): { matcher: SilenceMatcher } | { problem: string } {
  let scope: TenantMatcher;
  try {
    scope = tenantMatcher(tenant);
  } catch (e) {
    return { problem: `${(e as Error).message}.` };
  }
  if (tenant.seriesLabel === 'tenant_id') {
    return { matcher: exact(scope.label, scope.values[0]) };
  }
  const value = alert.labels[scope.label];
  if (!value) {
    return {
      problem: `The alert has no ${scope.label} label to scope a silence to.`,
    };
  }
  if (!labelsMatch(scope, alert.labels)) {
    return { problem: `Namespace ${value} is not one of the tenant's.` };
  }
  return { matcher: exact(scope.label, value) };
}

/**
 * A silence for exactly this alert: every non-empty label of the alert, its
 * name as `alertname`, and the tenant matcher. Undefined when the alert cannot
 * be scoped to the tenant (see {@link tenantMatcherFor}).
 */
export function silenceForAlert(
  alert: TenantAlert,
  tenant: ScopedTenant,
  options: SilenceOptions,
): NewSilence | undefined {
  const scoped = tenantMatcherFor(alert, tenant);
  if (!('matcher' in scoped)) {
    return undefined;
  }
  const labels: Record<string, string> = {
    ...alert.labels,
    alertname: alert.name,
    [scoped.matcher.name]: scoped.matcher.value,
  };
  const matchers = Object.keys(labels)
    .filter(name => labels[name] !== '')
    .sort()
    .map(name => exact(name, labels[name]));
  const { now, durationMs, createdBy } = options;
  return {
    matchers,
    startsAt: now.toISOString(),
    endsAt: new Date(now.getTime() + durationMs).toISOString(),
    createdBy,
    comment: `Silenced from Backstage: ${alert.name}`,
  };
}

function exact(name: string, value: string): SilenceMatcher {
  return { name, value, isRegex: false, isEqual: true };
}
