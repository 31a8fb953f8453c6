import type { Event } from '@aws-sdk/client-cloudtrail';
import {
  eventSourceLabel,
  TenantAlert,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/** The source of the EKS API's events; every event stored before sources were. */
export const EKS_EVENT_SOURCE = 'eks.amazonaws.com';

/** A CloudTrail event as the plugin stores it. */
export type StoredCloudTrailEvent = {
  eventId: string;
  /** CloudTrail's `eventSource`, e.g. `eks.amazonaws.com`. */
  eventSource: string;
  eventName: string;
  /** Epoch milliseconds. */
  eventTime: number;
  username?: string;
  sourceIp?: string;
  errorCode?: string;
  resources: string[];
  cluster?: string;
  /**
   * Matched a configured event name or touched a monitoring component; every
   * watched call on the stack's own resources.
   */
  attention: boolean;
};

/** Which events need an admin's attention. */
export type AttentionRules = {
  eventNames: string[];
  /** Matched against every resource name, case-insensitively. */
  resourcePatterns: RegExp[];
};

/**
 * Request parameters that name what a call touches: of EKS calls, and of the
 * watched S3, SNS, Lambda and CloudTrail calls (a trail is `name`).
 */
const RESOURCE_PARAMETERS = [
  'name',
  'clusterName',
  'addonName',
  'nodegroupName',
  'fargateProfileName',
  'bucketName',
  'topicArn',
  'subscriptionArn',
  'functionName',
];

type CloudTrailRecord = {
  sourceIPAddress?: string;
  errorCode?: string;
  userIdentity?: { userName?: string; arn?: string; principalId?: string };
  requestParameters?: Record<string, unknown>;
};

function parseRecord(json: string | undefined): CloudTrailRecord {
  if (!json) return {};
  try {
    return JSON.parse(json) as CloudTrailRecord;
  } catch {
    return {};
  }
}

/** True when the event needs an admin's attention. */
export function needsAttention(
  event: Pick<StoredCloudTrailEvent, 'eventName' | 'resources'>,
  rules: AttentionRules,
): boolean {
  return (
    rules.eventNames.includes(event.eventName) ||
    event.resources.some(r => rules.resourcePatterns.some(p => p.test(r)))
  );
}

/**
 * What every stored event reads from a `LookupEvents` event: who
 * (`Username`, else the identity of the record), what, when, from which IP,
 * the error code and the resources (CloudTrail's and the names in the
 * request parameters), with the request parameters. Undefined for an event
 * without id, name or time.
 */
export function readLookupEvent(event: Event):
  | {
      stored: Omit<StoredCloudTrailEvent, 'eventSource' | 'attention'>;
      params: Record<string, unknown>;
    }
  | undefined {
  if (!event.EventId || !event.EventName || !event.EventTime) return undefined;
  const record = parseRecord(event.CloudTrailEvent);
  const params = record.requestParameters ?? {};
  const named = RESOURCE_PARAMETERS.map(k => params[k]).filter(
    (v): v is string => typeof v === 'string',
  );
  const resources = [
    ...new Set([
      ...(event.Resources ?? []).map(r => r.ResourceName ?? '').filter(Boolean),
      ...named,
    ]),
  ];
  return {
    stored: {
      eventId: event.EventId,
      eventName: event.EventName,
      eventTime: new Date(event.EventTime).getTime(),
      username:
        event.Username ??
        record.userIdentity?.userName ??
        record.userIdentity?.arn ??
        record.userIdentity?.principalId,
      sourceIp: record.sourceIPAddress,
      errorCode: record.errorCode,
      resources,
    },
    params,
  };
}

/**
 * The stored form of an EKS API event (see {@link readLookupEvent}), with
 * its cluster and whether it needs attention.
 */
export function toStoredEvent(
  event: Event,
  rules: AttentionRules,
): StoredCloudTrailEvent | undefined {
  const read = readLookupEvent(event);
  if (!read) return undefined;
  const { params } = read;
  const clusterResource = event.Resources?.find(
    r => r.ResourceType === 'AWS::EKS::Cluster',
  )?.ResourceName;
  // EKS API paths are /clusters/{name}/..., so `name` is the cluster of every call.
  const cluster =
    clusterResource ??
    [params.clusterName, params.name].find(
      (v): v is string => typeof v === 'string',
    );
  const stored = {
    ...read.stored,
    // The EKS lookup asks by source, so AWS names it; the fallback is for fakes.
    eventSource: event.EventSource ?? EKS_EVENT_SOURCE,
    cluster,
  };
  return { ...stored, attention: needsAttention(stored, rules) };
}

/** The JSON message published to the admin SNS topic. */
export function notificationMessage(
  event: StoredCloudTrailEvent,
  defaultCluster: string,
) {
  return {
    kind: 'monitoring-stack.cloudtrail' as const,
    eventId: event.eventId,
    eventSource: event.eventSource,
    eventName: event.eventName,
    eventTime: new Date(event.eventTime).toISOString(),
    username: event.username,
    sourceIp: event.sourceIp,
    ...(event.errorCode ? { errorCode: event.errorCode } : {}),
    resources: event.resources,
    cluster: event.cluster ?? defaultCluster,
  };
}

/**
 * An event that needs attention as an alert of the admin view: named
 * `CloudTrail<EventName>`, critical for deletions that succeeded, warning
 * otherwise, with source `cloudtrail`, the event's source as label
 * `event_source` (`eks`, `s3`, ...) and no silence link. A call on the
 * stack's own resources says in its summary where and on what, since it
 * names no cluster.
 */
export function cloudTrailAlert(event: StoredCloudTrailEvent): TenantAlert {
  const severity =
    event.eventName.startsWith('Delete') && !event.errorCode
      ? 'critical'
      : 'warning';
  const name = `CloudTrail${event.eventName}`;
  const source = eventSourceLabel(event.eventSource);
  const labels: Record<string, string> = {
    alertname: name,
    severity,
    source: 'cloudtrail',
    event_source: source,
    event_id: event.eventId,
    ...(event.cluster ? { cluster: event.cluster } : {}),
  };
  const by = [event.username, event.sourceIp && `from ${event.sourceIp}`]
    .filter(Boolean)
    .join(' ');
  return {
    id: `cloudtrail-${event.eventId}`,
    name,
    severity,
    state: 'firing',
    since: new Date(event.eventTime).toISOString(),
    summary: `${event.eventName}${
      event.eventSource !== EKS_EVENT_SOURCE
        ? ` (${source})${
            event.resources.length ? ` on ${event.resources.join(', ')}` : ''
          }`
        : ''
    }${by ? ` by ${by}` : ''}${
      event.errorCode ? ` failed: ${event.errorCode}` : ''
    }`,
    description: event.resources.length
      ? `Resources: ${event.resources.join(', ')}`
      : undefined,
    labels,
    source: 'cloudtrail',
  };
}
