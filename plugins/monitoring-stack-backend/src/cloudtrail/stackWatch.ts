import type { Event, LookupAttribute } from '@aws-sdk/client-cloudtrail';
import {
  AdminStackSettings,
  parseTopicArn,
  STACK_WATCH_EVENTS,
  StackWatchService,
  stackWatchService,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { readLookupEvent, StoredCloudTrailEvent } from './cloudTrailEvents';

/**
 * The stack's own AWS resources, as the portal's settings name them: what
 * notifier.yaml's EventBridge rules watch, read here from CloudTrail too.
 */
export type StackResources = {
  cluster: string;
  buckets: string[];
  functionName: string;
  trailName: string;
  /** Topics named exactly: the configured alerts and CloudTrail topics. */
  topicArns: string[];
  /** Further topic names: the CloudTrail and heartbeat topics'. */
  topicNames: string[];
  /** Of the tenants' `*-alerts` topics; any when unknown. */
  region?: string;
  accountId?: string;
};

/**
 * The stack's resources from `monitoringStack.admin`. The account and region
 * of the topics are the admin settings', else those of a configured topic.
 */
export function stackResources(admin: AdminStackSettings): StackResources {
  const configured = [admin.alertsTopicArn, admin.cloudTrailTopicArn].filter(
    (a): a is string => a !== undefined,
  );
  const parsed = configured.map(parseTopicArn).find(Boolean);
  const cloudTrailTopic = admin.cloudTrailTopicArn
    ? parseTopicArn(admin.cloudTrailTopicArn)?.name
    : undefined;
  return {
    cluster: admin.cluster,
    buckets: [admin.metricsBucket, admin.logsBucket, admin.cloudTrailBucket],
    functionName: admin.notifierFunctionName,
    trailName: admin.trailName,
    topicArns: configured,
    topicNames: [
      cloudTrailTopic ?? `${admin.cluster}-cloudtrail-events`,
      `${admin.cluster}-monitoring-heartbeat`,
    ],
    region: admin.region ?? parsed?.region,
    accountId: admin.accountId ?? parsed?.accountId,
  };
}

/**
 * The lookups of the watched calls besides the EKS one. LookupEvents takes
 * one attribute a request: the exact S3, SNS and CloudTrail names each, and
 * the notifier function by name, since Lambda's names carry API versions
 * and are matched by prefix afterwards.
 */
export function stackWatchLookups(stack: StackResources): LookupAttribute[] {
  const names = new Set(
    Object.values(STACK_WATCH_EVENTS)
      .filter(w => w.match === 'exact')
      .flatMap(w => w.eventNames),
  );
  return [
    ...[...names].map(name => ({
      AttributeKey: 'EventName' as const,
      AttributeValue: name,
    })),
    { AttributeKey: 'ResourceName', AttributeValue: stack.functionName },
  ];
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

function inStackScope(stack: StackResources, region: string, account: string) {
  return (
    (!stack.region || region === stack.region) &&
    (!stack.accountId || account === stack.accountId)
  );
}

function isStackTopic(stack: StackResources, arn: string | undefined) {
  if (!arn) return false;
  if (stack.topicArns.includes(arn)) return true;
  const topic = parseTopicArn(arn);
  return (
    topic !== undefined &&
    inStackScope(stack, topic.region, topic.accountId) &&
    (topic.name.endsWith('-alerts') || stack.topicNames.includes(topic.name))
  );
}

/** `name`, or the ARN `arn:<partition>:<service>:<region>:<account>:<prefix><name>`. */
function isNamed(
  stack: StackResources,
  value: string | undefined,
  name: string,
  service: string,
  prefix: string,
) {
  if (value === name) return true;
  const m = /^arn:aws[a-z-]*:([a-z]+):([a-z0-9-]*):(\d{12}):(.+)$/.exec(
    value ?? '',
  );
  return (
    m !== null &&
    m[1] === service &&
    m[4] === `${prefix}${name}` &&
    inStackScope(stack, m[2], m[3])
  );
}

/** True when the call's request parameters name one of the stack's resources. */
function touchesStack(
  stack: StackResources,
  service: StackWatchService,
  params: Record<string, unknown>,
): boolean {
  switch (service) {
    case 's3':
      return stack.buckets.includes(str(params.bucketName) ?? '');
    case 'sns': {
      // A subscription's ARN is its topic's followed by :<id>.
      const subscription = str(params.subscriptionArn);
      return (
        isStackTopic(stack, str(params.topicArn)) ||
        isStackTopic(stack, subscription?.replace(/:[^:]*$/, ''))
      );
    }
    case 'lambda':
      return isNamed(
        stack,
        str(params.functionName),
        stack.functionName,
        'lambda',
        'function:',
      );
    case 'cloudtrail':
      return isNamed(
        stack,
        str(params.name),
        stack.trailName,
        'cloudtrail',
        'trail/',
      );
    default:
      return false;
  }
}

/**
 * The stored form of a watched call on one of the stack's resources, which
 * always needs attention; undefined for any other event the lookups return
 * (another bucket, another function, SQS's RemovePermission).
 */
export function toStackWatchEvent(
  event: Event,
  stack: StackResources,
): StoredCloudTrailEvent | undefined {
  const service =
    event.EventSource && event.EventName
      ? stackWatchService(event.EventSource, event.EventName)
      : undefined;
  if (!service) return undefined;
  const read = readLookupEvent(event);
  if (!read || !touchesStack(stack, service, read.params)) return undefined;
  return {
    ...read.stored,
    eventSource: event.EventSource!,
    // The resources are the stack's, which belongs to this cluster.
    cluster: stack.cluster,
    attention: true,
  };
}
