import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { CloudTrailEventsResponse } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { MonitoringStackAwsClients } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { CloudTrailConfig } from './cloudTrailConfig';
import { CloudTrailReader } from './CloudTrailReader';
import { CloudTrailStore } from './CloudTrailStore';

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
    clients: async () => ({
      cloudTrail: await awsClients.cloudTrail(at),
      sns: await awsClients.sns(at),
    }),
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
        `CloudTrail: read ${run.read} events, stored ${run.stored}, notified ${run.notified}`,
      );
    },
  });
}

const isoTime = (ms: number | undefined) =>
  ms !== undefined ? new Date(ms).toISOString() : undefined;

/** The newest `limit` stored events and how far the reader got. */
export async function readCloudTrailEvents(
  store: CloudTrailStore,
  limit: number,
): Promise<CloudTrailEventsResponse> {
  const [events, state] = await Promise.all([store.list(limit), store.state()]);
  return {
    events,
    lastEventTime: isoTime(state.cursorTime),
    lastRunAt: isoTime(state.lastRunAt),
  };
}
