import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { SNSClient } from '@aws-sdk/client-sns';
import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { AdminAlertsProvider } from '../alerts/AlertsService';
import { CloudTrailConfig } from './cloudTrailConfig';
import { cloudTrailAlert } from './cloudTrailEvents';
import { CloudTrailReader } from './CloudTrailReader';
import { CloudTrailStore } from './CloudTrailStore';

/** How long an event that needs attention stays in the admin alert list. */
const ALERT_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Schedules the reader when `monitoringStack.cloudTrail.enabled`: one runner
 * across replicas. AWS credentials come from the default provider chain; the
 * SDK's own retries are off because the reader backs off itself.
 */
export async function scheduleCloudTrailReader(options: {
  config: CloudTrailConfig;
  scheduler: SchedulerService;
  store: CloudTrailStore;
  logger: LoggerService;
}): Promise<void> {
  const { config, scheduler, store, logger } = options;
  if (!config.enabled) return;
  const reader = new CloudTrailReader({
    cloudTrail: new CloudTrailClient({ region: config.region, maxAttempts: 1 }),
    sns: new SNSClient({ region: config.region }),
    store,
    config,
    logger,
  });
  await scheduler.scheduleTask({
    id: 'monitoring-stack-cloudtrail-reader',
    scope: 'global',
    ...config.schedule,
    fn: async () => {
      const run = await reader.run();
      logger.info(
        `CloudTrail: read ${run.read} EKS events, stored ${run.stored}, notified ${run.notified}`,
      );
    },
  });
}

/** The admin view's alerts for CloudTrail events of the last day that need attention. */
export function cloudTrailAdminAlerts(
  store: CloudTrailStore,
  now: () => number = Date.now,
): AdminAlertsProvider {
  return async () =>
    (await store.attentionSince(now() - ALERT_WINDOW_MS)).map(cloudTrailAlert);
}
