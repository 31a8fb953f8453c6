import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { SnsStore } from './SnsStore';

/** Id of the scheduled task that enforces `monitoringStack.sns.retentionDays`. */
export const SNS_RETENTION_TASK_ID = 'monitoring-stack-sns-retention';

/**
 * Deletes received notifications and delivery reports older than the
 * retention period, hourly, on one replica at a time.
 */
export async function scheduleSnsRetention(options: {
  scheduler: SchedulerService;
  store: SnsStore;
  retentionDays: number;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, store, retentionDays, logger } = options;
  await scheduler.scheduleTask({
    id: SNS_RETENTION_TASK_ID,
    frequency: { hours: 1 },
    timeout: { minutes: 5 },
    // Not during startup, which has enough to do.
    initialDelay: { minutes: 5 },
    fn: async () => {
      const cutoff = new Date(Date.now() - retentionDays * 24 * 3600_000);
      const deleted = await store.deleteReceivedBefore(cutoff);
      logger.info(
        `SNS retention: deleted ${deleted.notifications} notifications and ${
          deleted.deliveries
        } delivery reports received before ${cutoff.toISOString()}`,
      );
    },
  });
}
