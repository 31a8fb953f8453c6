import {
  TenantAlert,
  TenantRef,
} from '@internal/plugin-monitoring-stack-common';
import { NewSilence, SilenceMatcher } from '../api';

/** What to build a silence from, besides the alert and its tenant. */
export type SilenceOptions = {
  now: Date;
  durationMs: number;
  createdBy: string;
};

/**
 * The tenant matcher a silence of this alert needs, or why there is none. The
 * gateway refuses silences without an exact matcher on the tenant's label; for
 * namespace tenants it is the alert's own namespace, which must be the
 * tenant's.
 */
export function tenantMatcherFor(
  alert: TenantAlert,
  tenant: TenantRef,
): { matcher: SilenceMatcher } | { problem: string } {
  if (tenant.seriesLabel === 'tenant_id') {
    return { matcher: exact('tenant_id', tenant.id) };
  }
  const namespace = alert.labels.namespace;
  if (!namespace) {
    return {
      problem: 'The alert has no namespace label to scope a silence to.',
    };
  }
  if (!tenant.namespaces.includes(namespace)) {
    return { problem: `Namespace ${namespace} is not one of the tenant's.` };
  }
  return { matcher: exact('namespace', namespace) };
}

/**
 * A silence for exactly this alert: every non-empty label of the alert, its
 * name as `alertname`, and the tenant matcher. Undefined when the alert cannot
 * be scoped to the tenant (see {@link tenantMatcherFor}).
 */
export function silenceForAlert(
  alert: TenantAlert,
  tenant: TenantRef,
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
