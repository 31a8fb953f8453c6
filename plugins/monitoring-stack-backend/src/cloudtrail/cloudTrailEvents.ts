import type { Event } from '@aws-sdk/client-cloudtrail';
import { TenantAlert } from '@tenant-monitoring/plugin-monitoring-stack-common';

/** A CloudTrail event as the plugin stores it. */
export type StoredCloudTrailEvent = {
  eventId: string;
  eventName: string;
  /** Epoch milliseconds. */
  eventTime: number;
  username?: string;
  sourceIp?: string;
  errorCode?: string;
  resources: string[];
  cluster?: string;
  /** Matched a configured event name or touched a monitoring component. */
  attention: boolean;
};

/** Which events need an admin's attention. */
export type AttentionRules = {
  eventNames: string[];
  /** Matched against every resource name, case-insensitively. */
  resourcePatterns: RegExp[];
};

/** Request parameters of EKS calls that name what the call touches. */
const RESOURCE_PARAMETERS = [
  'name',
  'clusterName',
  'addonName',
  'nodegroupName',
  'fargateProfileName',
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
 * The stored form of a `LookupEvents` event: who (`Username`, else the
 * identity of the record), what, when, from which IP, the error code and
 * the resources (CloudTrail's and the names in the request parameters).
 * Undefined for an event without id, name or time.
 */
export function toStoredEvent(
  event: Event,
  rules: AttentionRules,
): StoredCloudTrailEvent | undefined {
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
 * otherwise, with source `cloudtrail` and no silence link.
 */
export function cloudTrailAlert(event: StoredCloudTrailEvent): TenantAlert {
  const severity =
    event.eventName.startsWith('Delete') && !event.errorCode
      ? 'critical'
      : 'warning';
  const name = `CloudTrail${event.eventName}`;
  const labels: Record<string, string> = {
    alertname: name,
    severity,
    source: 'cloudtrail',
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
    summary: `${event.eventName}${by ? ` by ${by}` : ''}${
      event.errorCode ? ` failed: ${event.errorCode}` : ''
    }`,
    description: event.resources.length
      ? `Resources: ${event.resources.join(', ')}`
      : undefined,
    labels,
    source: 'cloudtrail',
  };
}
