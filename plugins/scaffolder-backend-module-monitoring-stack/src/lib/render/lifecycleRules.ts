import {
  Tenant,
  tenantSlug,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/**
 * The lifecycle rules of the shared buckets, written once for the tenant's
 * bundle (renderTenant.ts) and the stack's template (stack/aws.ts), which
 * must render the same objects. Data moves to Glacier Instant Retrieval
 * only: Thanos' store gateway and compactor and Loki's queriers read
 * objects with plain GETs, which GLACIER and DEEP_ARCHIVE refuse until
 * restored.
 */

/** Uploads that Thanos or Loki never finished are dropped after a week. */
export const ABORT_INCOMPLETE_UPLOADS = { DaysAfterInitiation: 7 };

/**
 * A tenant's logs: Loki keeps its chunks under `<tenant id>/`; they expire
 * the day after Loki's own retention (`logsDays`) has deleted them, and
 * move to Glacier IR after `glacierAfterDays` if that comes first.
 */
export function tenantLogsLifecycleRule(tenant: Tenant) {
  const { glacierAfterDays, logsDays } = tenant.retention;
  return {
    Id: `tenant-${tenantSlug(tenant.id)}`,
    Status: 'Enabled',
    Prefix: `${tenant.id}/`,
    ...(glacierAfterDays < logsDays
      ? {
          Transitions: [
            { StorageClass: 'GLACIER_IR', TransitionInDays: glacierAfterDays },
          ],
        }
      : {}),
    ExpirationInDays: logsDays + 1,
  };
}

/**
 * The metrics bucket's one rule: Thanos keeps every tenant's blocks at the
 * bucket's root, so no rule can select one tenant's, and it has no expiry:
 * each tenant's compactor deletes its blocks whole.
 */
export function metricsLifecycleRule(metricsGlacierAfterDays: number) {
  return {
    Id: 'thanos-blocks-glacier-ir',
    Status: 'Enabled',
    Transitions: [
      { StorageClass: 'GLACIER_IR', TransitionInDays: metricsGlacierAfterDays },
    ],
    AbortIncompleteMultipartUpload: ABORT_INCOMPLETE_UPLOADS,
  };
}
