import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { AdminAlertsProvider } from '../alerts/AlertsService';
import { MonitoringStackAwsClients } from '@internal/plugin-monitoring-stack-node';
import { CloudTrailConfig } from './cloudTrailConfig';
import { cloudTrailAlert } from './cloudTrailEvents';
import { CloudTrailReader } from './CloudTrailReader';
import { CloudTrailStore } from './CloudTrailStore';

/** How long an event that needs attention stays in the admin alert list. */
const ALERT_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Schedules the reader when `monitoringStack.cloudTrail.enabled`: one runner
 * across replicas, with the credentials of the `aws` integration for the
 * admin account.
 */
export async function scheduleCloudTrailReader(options: {
  config: CloudTrailConfig;
  scheduler: SchedulerService;
  store: CloudTrailStore;
  logger: LoggerService;
  awsClients: MonitoringStackAwsClients;
}): Promise<void> {
  const { config, scheduler, store, logger, awsClients } = options;
  if (!config.enabled) return;
  if (!config.region) {
    throw new Error(
      'monitoringStack.cloudTrail.region (or monitoringStack.admin.region) is required when the CloudTrail reader is enabled',
    );
  }
  const at = { region: config.region, accountId: config.accountId };
  const reader = new CloudTrailReader({
    cloudTrail: await awsClients.cloudTrail(at),
    sns: await awsClients.sns(at),
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
