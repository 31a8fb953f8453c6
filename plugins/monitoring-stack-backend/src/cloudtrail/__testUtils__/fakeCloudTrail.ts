import {
  CloudTrailClient,
  Event,
  LookupEventsCommand,
  LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { SNSClient } from '@aws-sdk/client-sns';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { mockClient } from 'aws-sdk-client-mock';
import { migrateDatabase } from '../../database/migrateDatabase';
import { readCloudTrailConfig } from '../cloudTrailConfig';
import { CloudTrailReader } from '../CloudTrailReader';
import { CloudTrailStore } from '../CloudTrailStore';
import { Clock } from '../RateLimiter';

export const TOPIC =
  'arn:aws:sns:eu-west-1:123456789012:eks-shared-monitoring-alerts';
export const T0 = Date.parse('2026-03-01T12:00:00Z');
export const MIN = 60_000;

/** A clock whose sleeps only move time on, recording every wait. */
export class FakeClock implements Clock {
  t = T0;
  sleeps: number[] = [];
  now = () => this.t;
  sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.t += ms;
  };
}

/** An EKS API event as LookupEvents returns it. */
export function event(
  id: string,
  name: string,
  at: number,
  extra: { resources?: string[]; errorCode?: string; params?: object } = {},
): Event {
  return {
    EventId: id,
    EventName: name,
    EventTime: new Date(at),
    EventSource: 'eks.amazonaws.com',
    Username: 'alice',
    Resources: [
      { ResourceType: 'AWS::EKS::Cluster', ResourceName: 'eks-shared' },
      ...(extra.resources ?? []).map(r => ({
        ResourceType: 'AWS::EKS::Addon',
        ResourceName: r,
      })),
    ],
    CloudTrailEvent: JSON.stringify({
      eventID: id,
      sourceIPAddress: '203.0.113.7',
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::123456789012:user/alice',
        accessKeyId: 'AKIAEXAMPLE',
      },
      requestParameters: extra.params ?? { name: 'eks-shared' },
      ...(extra.errorCode ? { errorCode: extra.errorCode } : {}),
    }),
  };
}

/** Whether an event answers a request's one lookup attribute, as CloudTrail decides it. */
function answers(e: Event, input: LookupEventsCommandInput): boolean {
  const [attribute] = input.LookupAttributes ?? [];
  if (!attribute) return true;
  const value = attribute.AttributeValue;
  switch (attribute.AttributeKey) {
    case 'EventSource':
      return e.EventSource === value;
    case 'EventName':
      return e.EventName === value;
    case 'ResourceName':
      return (e.Resources ?? []).some(r => r.ResourceName === value);
    default:
      throw new Error(`not faked: ${attribute.AttributeKey}`);
  }
}

/**
 * CloudTrail as LookupEvents documents it: events of the one lookup
 * attribute in the time window, newest first, two per page here, continued
 * with NextToken. `throttle` says which requests are throttled, else the
 * first `throttleFirst`.
 */
export function fakeCloudTrail(
  events: Event[],
  clock: FakeClock,
  options: {
    throttleFirst?: number;
    throttle?: (input: LookupEventsCommandInput) => boolean;
  } = {},
) {
  const mock = mockClient(CloudTrailClient);
  const calls: Array<{ at: number; input: LookupEventsCommandInput }> = [];
  let throttles = options.throttleFirst ?? 0;
  const throttled = options.throttle ?? (() => throttles-- > 0);
  mock
    .on(LookupEventsCommand)
    .callsFake(async (input: LookupEventsCommandInput) => {
      calls.push({ at: clock.now(), input });
      if (throttled(input)) {
        throw Object.assign(new Error('Rate exceeded'), {
          name: 'ThrottlingException',
        });
      }
      const inWindow = events
        .filter(
          e =>
            answers(e, input) &&
            e.EventTime! >= input.StartTime! &&
            e.EventTime! <= input.EndTime!,
        )
        .sort((a, b) => b.EventTime!.getTime() - a.EventTime!.getTime());
      const offset = Number(input.NextToken ?? 0);
      const next = offset + 2;
      return {
        Events: inWindow.slice(offset, next),
        NextToken: next < inWindow.length ? String(next) : undefined,
      };
    });
  return { client: new CloudTrailClient({ region: 'eu-west-1' }), calls, mock };
}

/** The lookups of a run besides the EKS one: 13 event names and the notifier function. */
export const STACK_LOOKUPS = 14;

const rawConfig = new ConfigReader({
  monitoringStack: {
    admin: {
      alertsTopicArn: TOPIC,
      cluster: 'eks-shared',
      region: 'eu-west-1',
    },
    cloudTrail: { enabled: true },
  },
});
/** The reader's config: the admin topic, the stack watched. */
export const config = readCloudTrailConfig(
  rawConfig,
  readMonitoringStackSettings(rawConfig),
);

/** A migrated store in a fresh test database. */
export async function migratedStore(
  databases: TestDatabases,
  databaseId: Parameters<TestDatabases['init']>[0],
): Promise<CloudTrailStore> {
  const knex = await databases.init(databaseId);
  await migrateDatabase({ getClient: async () => knex } as DatabaseService);
  return new CloudTrailStore(knex);
}

/** A reader of the fake CloudTrail on the fake clock. */
export const reader = (
  store: CloudTrailStore,
  cloudTrail: CloudTrailClient,
  clock: FakeClock,
) =>
  new CloudTrailReader({
    clients: async () => ({
      cloudTrail,
      sns: new SNSClient({ region: 'eu-west-1' }),
    }),
    store,
    config,
    logger: mockServices.logger.mock(),
    clock,
  });
