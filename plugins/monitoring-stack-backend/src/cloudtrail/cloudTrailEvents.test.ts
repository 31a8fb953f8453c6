import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { frequencyMs, readCloudTrailConfig } from './cloudTrailConfig';
import {
  cloudTrailAlert,
  needsAttention,
  toStoredEvent,
} from './cloudTrailEvents';
import { judgeFreshness } from './cloudTrailFreshness';

const readConfig = (config: ConfigReader) =>
  readCloudTrailConfig(config, readMonitoringStackSettings(config));

const rules = readConfig(new ConfigReader({})).rules;

describe('needsAttention', () => {
  it.each([
    ['DeleteCluster', [], true],
    ['UpdateAddon', ['vpc-cni'], true],
    ['CreateAddon', ['eks-shared', 'kube-prometheus-stack'], true],
    ['TagResource', ['Grafana-Team-A'], true],
    ['DescribeCluster', ['eks-shared'], false],
    ['CreateNodegroup', ['fluentd'], false],
  ])('%s on %j: %s', (eventName, resources, expected) => {
    expect(needsAttention({ eventName, resources }, rules)).toBe(expected);
  });
});

describe('toStoredEvent', () => {
  it.each([
    [
      'username and resources from the event, IP and error from the record',
      {
        EventId: '1',
        EventName: 'DeleteNodegroup',
        EventTime: new Date(1000),
        Username: 'bob',
        Resources: [
          { ResourceType: 'AWS::EKS::Cluster', ResourceName: 'prod' },
        ],
        CloudTrailEvent: JSON.stringify({
          sourceIPAddress: '198.51.100.1',
          errorCode: 'ResourceInUseException',
          requestParameters: { name: 'prod', nodegroupName: 'ng-1' },
        }),
      },
      {
        eventId: '1',
        eventSource: 'eks.amazonaws.com',
        eventName: 'DeleteNodegroup',
        eventTime: 1000,
        username: 'bob',
        sourceIp: '198.51.100.1',
        errorCode: 'ResourceInUseException',
        resources: ['prod', 'ng-1'],
        cluster: 'prod',
        attention: true,
      },
    ],
    [
      'the identity ARN when there is no username, the cluster from the parameters',
      {
        EventId: '2',
        EventName: 'UpdateClusterVersion',
        EventTime: new Date(2000),
        CloudTrailEvent: JSON.stringify({
          userIdentity: { arn: 'arn:aws:sts::1:assumed-role/ci/x' },
          requestParameters: { name: 'dev' },
        }),
      },
      {
        eventId: '2',
        eventSource: 'eks.amazonaws.com',
        eventName: 'UpdateClusterVersion',
        eventTime: 2000,
        username: 'arn:aws:sts::1:assumed-role/ci/x',
        sourceIp: undefined,
        errorCode: undefined,
        resources: ['dev'],
        cluster: 'dev',
        attention: false,
      },
    ],
    [
      'a record that is not JSON',
      {
        EventId: '3',
        EventName: 'ListClusters',
        EventTime: new Date(3000),
        CloudTrailEvent: '{',
      },
      {
        eventId: '3',
        eventSource: 'eks.amazonaws.com',
        eventName: 'ListClusters',
        eventTime: 3000,
        username: undefined,
        sourceIp: undefined,
        errorCode: undefined,
        resources: [],
        cluster: undefined,
        attention: false,
      },
    ],
  ])('reads %s', (_name, event, expected) => {
    expect(toStoredEvent(event, rules)).toEqual(expected);
  });

  it('skips an event without id', () => {
    expect(
      toStoredEvent({ EventName: 'X', EventTime: new Date() }, rules),
    ).toBeUndefined();
  });
});

describe('cloudTrailAlert', () => {
  it.each([
    [
      'DeleteCluster',
      undefined,
      'critical',
      'DeleteCluster by alice from 203.0.113.7',
    ],
    [
      'DeleteCluster',
      'AccessDenied',
      'warning',
      'DeleteCluster by alice from 203.0.113.7 failed: AccessDenied',
    ],
    [
      'UpdateAddon',
      undefined,
      'warning',
      'UpdateAddon by alice from 203.0.113.7',
    ],
  ])('%s (error %s) is %s', (eventName, errorCode, severity, summary) => {
    const alert = cloudTrailAlert({
      eventId: 'e',
      eventSource: 'eks.amazonaws.com',
      eventName,
      eventTime: 0,
      username: 'alice',
      sourceIp: '203.0.113.7',
      errorCode,
      resources: ['eks-shared'],
      cluster: 'eks-shared',
      attention: true,
    });
    expect(alert).toMatchObject({
      id: 'cloudtrail-e',
      name: `CloudTrail${eventName}`,
      severity,
      state: 'firing',
      summary,
      description: 'Resources: eks-shared',
      labels: {
        alertname: `CloudTrail${eventName}`,
        severity,
        source: 'cloudtrail',
        event_source: 'eks',
        event_id: 'e',
        cluster: 'eks-shared',
      },
    });
    expect(alert.silenceUrl).toBeUndefined();
  });

  it("says where and on what a call on the stack's own resources was made", () => {
    const alert = cloudTrailAlert({
      eventId: 's',
      eventSource: 's3.amazonaws.com',
      eventName: 'DeleteBucketLifecycle',
      eventTime: 0,
      username: 'mallory',
      sourceIp: '198.51.100.9',
      resources: ['eks-shared-loki-logs'],
      cluster: 'eks-shared',
      attention: true,
    });
    expect(alert).toMatchObject({
      name: 'CloudTrailDeleteBucketLifecycle',
      severity: 'critical',
      summary:
        'DeleteBucketLifecycle (s3) on eks-shared-loki-logs by mallory from 198.51.100.9',
      labels: { source: 'cloudtrail', event_source: 's3' },
    });
  });
});

describe('config', () => {
  it('reads defaults, the admin region and refuses bad values', () => {
    const c = readConfig(
      new ConfigReader({
        monitoringStack: { admin: { region: 'eu-central-1' } },
      }),
    );
    expect(c).toMatchObject({
      enabled: false,
      region: 'eu-central-1',
      retentionDays: 90,
      topicArn: undefined,
      cluster: 'eks-shared',
    });
    expect(c.rules.eventNames).toEqual([
      'DeleteCluster',
      'UpdateClusterConfig',
      'DeleteAddon',
      'DeleteNodegroup',
      'UpdateAddon',
    ]);
    expect(() =>
      readConfig(
        new ConfigReader({
          monitoringStack: { cloudTrail: { retentionDays: 0 } },
        }),
      ),
    ).toThrow(
      'monitoringStack.cloudTrail.retentionDays: must be a positive number',
    );
    expect(() =>
      readConfig(
        new ConfigReader({
          monitoringStack: {
            cloudTrail: { monitoringResourcePatterns: ['('] },
          },
        }),
      ),
    ).toThrow(/'\(' is not a regular expression/);
  });

  it.each([
    [{ minutes: 5 }, 300_000],
    [{ hours: 1, minutes: 30 }, 5_400_000],
    ['PT10M', 600_000],
    [{ cron: '*/5 * * * *' }, undefined],
    [{ trigger: 'manual' }, undefined],
  ])('frequency %j is %s ms', (frequency, ms) => {
    expect(
      frequencyMs({ frequency } as SchedulerServiceTaskScheduleDefinition),
    ).toBe(ms);
  });
});

describe('judgeFreshness', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it.each([
    [{}, false, 'no successful run yet'],
    [
      { lastError: 'AccessDenied' },
      false,
      'no successful run yet; last run failed: AccessDenied',
    ],
    [
      { lastSuccessAt: now - 600_000 },
      true,
      'last successful run at 2026-03-01T11:50:00.000Z',
    ],
    [
      { lastSuccessAt: now - 600_001, lastError: 'x' },
      false,
      'last successful run at 2026-03-01T11:49:59.999Z; last run failed: x',
    ],
  ])('%j: up %s', (state, up, detail) => {
    expect(judgeFreshness(state, 600_000, now)).toEqual({ up, detail });
  });
});
