import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { MonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { nonNegativeNumber, positiveNumber } from '../lib/configValues';
import { AttentionRules } from './cloudTrailEvents';
import { StackResources, stackResources } from './stackWatch';

/** Settings of the CloudTrail reader, `monitoringStack.cloudTrail`. */
export type CloudTrailConfig = {
  enabled: boolean;
  region?: string;
  /** Account of the trail and the admin topic, for the `aws` integration's credentials. */
  accountId?: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  rules: AttentionRules;
  retentionDays: number;
  /** Events are read again this far behind the cursor: CloudTrail delivers some late. */
  lookbackMs: number;
  /** How far back the very first run reads. */
  initialLookbackMs: number;
  /** The admin SNS topic notifications go to; none published without it. */
  topicArn?: string;
  /** Cluster named in notifications when an event does not name one. */
  cluster: string;
  /**
   * The stack's own AWS resources whose watched calls are read too
   * (`watchStack`, on by default); undefined when off.
   */
  stack?: StackResources;
};

const DEFAULT_EVENT_NAMES = [
  'DeleteCluster',
  'UpdateClusterConfig',
  'DeleteAddon',
  'DeleteNodegroup',
  'UpdateAddon',
];
const DEFAULT_RESOURCE_PATTERNS = [
  'prometheus',
  'alertmanager',
  'thanos',
  'loki',
  'fluent-bit',
  'grafana',
];
const MINUTE = 60_000;
const PREFIX = 'monitoringStack.cloudTrail';

/**
 * Reads `monitoringStack.cloudTrail`, failing at start on bad values; the
 * admin stack's region, account, alerts topic and cluster are the shared
 * settings'.
 */
export function readCloudTrailConfig(
  config: Config,
  settings: MonitoringStackSettings,
): CloudTrailConfig {
  const c = config.getOptionalConfig(PREFIX);
  const { admin } = settings;
  const patterns = (
    c?.getOptionalStringArray('monitoringResourcePatterns') ??
    DEFAULT_RESOURCE_PATTERNS
  ).map(p => {
    try {
      return new RegExp(p, 'i');
    } catch (e) {
      throw new Error(
        `${PREFIX}.monitoringResourcePatterns: '${p}' is not a regular expression: ${
          (e as Error).message
        }`,
      );
    }
  });
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? false,
    region: c?.getOptionalString('region') ?? admin.region,
    accountId: admin.accountId,
    schedule: c?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          c.getConfig('schedule'),
        )
      : { frequency: { minutes: 5 }, timeout: { minutes: 4 } },
    rules: {
      eventNames:
        c?.getOptionalStringArray('notifyEventNames') ?? DEFAULT_EVENT_NAMES,
      resourcePatterns: patterns,
    },
    retentionDays: positiveNumber(c, PREFIX, 'retentionDays', 90),
    lookbackMs: nonNegativeNumber(c, PREFIX, 'lookbackMinutes', 15) * MINUTE,
    initialLookbackMs:
      positiveNumber(c, PREFIX, 'initialLookbackHours', 24) * 60 * MINUTE,
    topicArn: admin.alertsTopicArn,
    cluster: admin.cluster,
    stack:
      c?.getOptionalBoolean('watchStack') ?? true
        ? stackResources(admin)
        : undefined,
  };
}

/**
 * The schedule's frequency in milliseconds, when it is a plain duration
 * (`{ minutes: 5 }` or ISO `PT5M`); undefined for cron and manual schedules.
 */
export function frequencyMs(
  schedule: SchedulerServiceTaskScheduleDefinition,
): number | undefined {
  const f = schedule.frequency as unknown;
  const units: Record<string, number> = {
    milliseconds: 1,
    seconds: 1000,
    minutes: MINUTE,
    hours: 60 * MINUTE,
    days: 24 * 60 * MINUTE,
    weeks: 7 * 24 * 60 * MINUTE,
  };
  if (typeof f === 'string') {
    const m =
      /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(
        f,
      );
    if (!m || f === 'PT') return undefined;
    return (
      Number(m[1] ?? 0) * units.hours +
      Number(m[2] ?? 0) * MINUTE +
      Number(m[3] ?? 0) * 1000
    );
  }
  if (!f || typeof f !== 'object' || 'cron' in f || 'trigger' in f)
    return undefined;
  const entries = Object.entries(f as Record<string, number>).filter(
    ([k]) => k in units,
  );
  return entries.length
    ? entries.reduce((sum, [k, v]) => sum + v * units[k], 0)
    : undefined;
}
