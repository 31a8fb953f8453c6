import { MonitoringStackAlertSource } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { cloudTrailAlert } from '../../cloudtrail/cloudTrailEvents';
import { CloudTrailStore } from '../../cloudtrail/CloudTrailStore';
import { NOT_CONFIGURED } from '../AlertsService';

/** How long an event that needs attention stays in the admin alert list. */
const ALERT_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The admin view's alerts for the CloudTrail events of the last day that
 * need attention; not asked for a tenant, and `not configured` while the
 * reader is disabled.
 */
export function cloudTrailAlertSource(
  store: CloudTrailStore,
  enabled: boolean,
  now: () => number = Date.now,
): MonitoringStackAlertSource {
  return {
    id: 'cloudtrail',
    adminOnly: true,
    unavailable: enabled ? undefined : NOT_CONFIGURED,
    async readAlerts() {
      const events = await store.attentionSince(now() - ALERT_WINDOW_MS);
      return { alerts: events.map(cloudTrailAlert) };
    },
  };
}
