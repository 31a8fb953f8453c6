import {
  Tenant,
  topicArn,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { RenderedFile, toYaml } from '../files';
import { serviceAccountTrustPolicy } from '../iam';
import {
  ABORT_INCOMPLETE_UPLOADS,
  metricsLifecycleRule,
  tenantLogsLifecycleRule,
} from '../lifecycleRules';
import { heartbeatTopicName, SERVICE_ACCOUNTS, stackRoleName } from './names';
import { StackSettings } from './settings';

/** S3 takes at most this many rules in a bucket's lifecycle configuration. */
const MAX_LIFECYCLE_RULES = 1000;

const POLICY_VERSION = '2012-10-17';

/** Deleting or replacing the stack leaves the bucket and its data. */
const RETAIN = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' };

const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;

/**
 * A bucket no one reaches from outside the account. Encrypted with S3's
 * own keys: with SSE-KMS every object that Thanos' store gateway or Loki's
 * queriers read would be a billed, rate-limited KMS request too.
 */
function privateBucket(bucket: string, properties: object = {}) {
  return {
    Type: 'AWS::S3::Bucket',
    ...RETAIN,
    Properties: {
      BucketName: bucket,
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: {
        Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
      },
      ...properties,
    },
  };
}

/**
 * Thanos' and Loki's buckets, unversioned: both compactors rewrite and
 * delete objects all day (Thanos merges and downsamples blocks, Loki
 * rewrites its index and deletes expired chunks), and versioning would keep
 * each replaced or deleted object as a noncurrent version, so the buckets
 * would only grow.
 *
 * The logs bucket has each tenant's rule, the object its own bundle renders,
 * and for the rest only the abort of unfinished uploads. No bucket-wide
 * expiry: S3 applies the earliest expiry of overlapping rules, so it would
 * cut the logs of every tenant that keeps them longer, and expire Loki's
 * shared index (`index/`) under chunks still kept. What no rule names (the
 * index, a removed tenant's chunks) Loki's compactor deletes by its own
 * retention.
 */
function dataBuckets(tenants: Tenant[], settings: StackSettings) {
  const logsRules = [
    ...tenants.map(tenantLogsLifecycleRule),
    {
      Id: 'abort-incomplete-uploads',
      Status: 'Enabled',
      AbortIncompleteMultipartUpload: ABORT_INCOMPLETE_UPLOADS,
    },
  ];
  if (logsRules.length > MAX_LIFECYCLE_RULES) {
    throw new Error(
      `${tenants.length} tenants need ${logsRules.length} lifecycle rules on ${settings.logsBucket}; S3 takes at most ${MAX_LIFECYCLE_RULES}`,
    );
  }
  return {
    MetricsBucket: privateBucket(settings.metricsBucket, {
      LifecycleConfiguration: {
        Rules: [metricsLifecycleRule(settings.metricsGlacierAfterDays)],
      },
    }),
    LogsBucket: privateBucket(settings.logsBucket, {
      LifecycleConfiguration: { Rules: logsRules },
    }),
  };
}

/**
 * The trail that records the account's API calls: notifier.yaml's
 * EventBridge rules on the stack's buckets, topics and function see
 * "AWS API Call via CloudTrail" events only while a trail logs them.
 * Management events, read and write, of every region; no data events:
 * S3 data events on the metrics and logs buckets would record (and bill)
 * every object Thanos and Loki read or write, and the rules watch
 * management calls only (DeleteBucket, PutBucketLifecycle, ...). The
 * bucket policy is CloudTrail's documented one, for this trail only.
 */
function trail(settings: StackSettings) {
  const { awsRegion, awsAccountId, trailName, cloudTrailBucket } = settings;
  const fromTrail = {
    'aws:SourceArn': `arn:aws:cloudtrail:${awsRegion}:${awsAccountId}:trail/${trailName}`,
  };
  const cloudTrail = { Service: 'cloudtrail.amazonaws.com' };
  return {
    CloudTrailBucket: privateBucket(cloudTrailBucket),
    CloudTrailBucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'CloudTrailBucket' },
        PolicyDocument: {
          Version: POLICY_VERSION,
          Statement: [
            {
              Sid: 'AWSCloudTrailAclCheck',
              Effect: 'Allow',
              Principal: cloudTrail,
              Action: 's3:GetBucketAcl',
              Resource: bucketArn(cloudTrailBucket),
              Condition: { StringEquals: fromTrail },
            },
            {
              Sid: 'AWSCloudTrailWrite',
              Effect: 'Allow',
              Principal: cloudTrail,
              Action: 's3:PutObject',
              Resource: `${bucketArn(
                cloudTrailBucket,
              )}/AWSLogs/${awsAccountId}/*`,
              Condition: {
                StringEquals: {
                  's3:x-amz-acl': 'bucket-owner-full-control',
                  ...fromTrail,
                },
              },
            },
          ],
        },
      },
    },
    Trail: {
      Type: 'AWS::CloudTrail::Trail',
      // CloudTrail checks its access to the bucket when the trail is created.
      DependsOn: 'CloudTrailBucketPolicy',
      Properties: {
        TrailName: trailName,
        S3BucketName: { Ref: 'CloudTrailBucket' },
        IsLogging: true,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        EventSelectors: [
          { ReadWriteType: 'All', IncludeManagementEvents: true },
        ],
      },
    },
  };
}

/**
 * The role of one of the stack's ServiceAccounts (IRSA), which only that
 * account of the platform namespace may assume; workload.ts annotates the
 * account with the same `stackRoleName`.
 */
function serviceAccountRole(
  settings: StackSettings,
  account: string,
  statements: object[],
) {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: stackRoleName(settings.cluster, account),
      AssumeRolePolicyDocument: serviceAccountTrustPolicy(
        settings,
        settings.platformNamespace,
        account,
      ),
      Policies: [
        {
          PolicyName: account,
          PolicyDocument: { Version: POLICY_VERSION, Statement: statements },
        },
      ],
    },
  };
}

/** What Thanos and Loki do with their bucket: list, read, write, delete. */
const bucketAccess = (bucket: string) => [
  { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn(bucket) },
  {
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
    Resource: `${bucketArn(bucket)}/*`,
  },
];

function roles(settings: StackSettings) {
  const { awsRegion, awsAccountId, cluster } = settings;
  return {
    ThanosRole: serviceAccountRole(
      settings,
      SERVICE_ACCOUNTS.thanos,
      bucketAccess(settings.metricsBucket),
    ),
    LokiRole: serviceAccountRole(
      settings,
      SERVICE_ACCOUNTS.loki,
      bucketAccess(settings.logsBucket),
    ),
    // The tenants' topics (renderTenant.ts `tenantTopic`), the admin route's
    // and the dead man's switch's.
    AlertmanagerRole: serviceAccountRole(
      settings,
      SERVICE_ACCOUNTS.alertmanager,
      [
        {
          Effect: 'Allow',
          Action: 'sns:Publish',
          Resource: [
            `arn:aws:sns:${awsRegion}:${awsAccountId}:*-alerts`,
            settings.alertsTopicArn,
            topicArn(awsRegion, awsAccountId, heartbeatTopicName(cluster)),
          ],
        },
      ],
    ),
  };
}

const WORKLOADS = ['deployments', 'statefulsets', 'daemonsets'];

/**
 * A CloudWatch Logs JSON filter pattern on the Kubernetes audit log
 * (audit.k8s.io/v1 Event, one per request when its response is complete):
 * a workload of one of `namespaces` deleted (one by one, or all at once as
 * a namespace's deletion does) or scaled to zero, and done (code < 300).
 * A scale, through the `scale` subresource (a Scale object) or a patch or
 * update of the workload, carries `spec.replicas` in its request body,
 * which EKS' audit policy logs for writes to `apps`. A JSON patch
 * (`kubectl patch --type=json`) carries its operations instead, and so
 * escapes it.
 */
function workloadRemovedPattern(namespaces: string[]): string {
  const anyOf = (selector: string, values: string[]) =>
    `(${values.map(v => `${selector} = "${v}"`).join(' || ')})`;
  const conditions = [
    '$.stage = "ResponseComplete"',
    anyOf('$.objectRef.namespace', namespaces),
    anyOf('$.objectRef.resource', WORKLOADS),
    `(${anyOf('$.verb', ['delete', 'deletecollection'])} || (${anyOf('$.verb', [
      'patch',
      'update',
    ])} && $.requestObject.spec.replicas = 0))`,
    '$.responseStatus.code < 300',
  ];
  return `{ ${conditions.join(' && ')} }`;
}

/**
 * The monitoring workloads watched from outside the cluster: EKS writes the
 * API server's audit log to `/aws/eks/<cluster>/cluster` once the cluster's
 * `audit` log type is on, a setting of the cluster outside this template
 * (the group must exist before this stack is created; notifier.yaml's
 * EksApiCallRule tells the admins when the logging is turned off). Each
 * matching request counts one; a minute with one raises the alarm. Without
 * OK actions: each removal is its own event, and its end no news.
 */
function auditWatch(settings: StackSettings) {
  const { cluster } = settings;
  const namespaces = [
    ...new Set([settings.platformNamespace, settings.loggingNamespace]),
  ];
  const logGroup = `/aws/eks/${cluster}/cluster`;
  const name = `${cluster}-monitoring-workload-removed`;
  const metric = { MetricNamespace: 'MonitoringStack', MetricName: name };
  return {
    WorkloadRemovedFilter: {
      Type: 'AWS::Logs::MetricFilter',
      Properties: {
        FilterName: name,
        LogGroupName: logGroup,
        FilterPattern: workloadRemovedPattern(namespaces),
        MetricTransformations: [{ ...metric, MetricValue: '1' }],
      },
    },
    WorkloadRemovedAlarm: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: name,
        AlarmDescription: `A Deployment, StatefulSet or DaemonSet in the namespace ${namespaces.join(
          ' or ',
        )} was deleted or scaled to zero; the request is in the audit log ${logGroup}.`,
        Namespace: metric.MetricNamespace,
        MetricName: metric.MetricName,
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        // Not the alerts topic: its AWS managed key is closed to CloudWatch.
        // notifier.yaml lets every `<cluster>-monitoring-*` alarm publish here.
        AlarmActions: [settings.cloudTrailTopicArn],
      },
    },
  };
}

/**
 * The shared stack's AWS resources, one CloudFormation template: Thanos'
 * and Loki's buckets with every tenant's lifecycle rules, the trail that
 * notifier.yaml's rules depend on, the IRSA roles of Thanos, Loki and
 * Alertmanager, and the audit-log alarm on the monitoring workloads. The
 * notifier's own stack (topics, EventBridge rules, heartbeat alarm) stays
 * in notifier.yaml.
 * @public
 */
export function awsStackFiles(
  tenants: Tenant[],
  settings: StackSettings,
): RenderedFile[] {
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `AWS resources of the monitoring stack of ${settings.cluster}`,
    Resources: {
      ...dataBuckets(tenants, settings),
      ...trail(settings),
      ...roles(settings),
      ...auditWatch(settings),
    },
  };
  return [
    {
      path: 'aws/stack.cfn.yaml',
      content: toYaml(template),
      format: 'cloudformation',
    },
  ];
}
