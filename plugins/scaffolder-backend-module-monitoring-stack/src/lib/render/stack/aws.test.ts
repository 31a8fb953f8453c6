import { parseTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import yaml from 'yaml';
import { matchesFilterPattern } from '../../../__testUtils__/cloudWatchFilterPattern';
import {
  TEST_RENDER_SETTINGS,
  TEST_STACK_SETTINGS,
} from '../../../testUtils/renderSettings';
import { renderTenantFiles } from '../renderTenant';
import { validateManifests } from '../validateManifests';
import { awsStackFiles } from './aws';
import { SERVICE_ACCOUNTS, stackRoleName } from './names';
import { serviceAccount } from './workload';

const settings = TEST_STACK_SETTINGS;
const teamA = parseTenant({
  id: 'team-a',
  owner: 'team-a',
  namespaces: { 'eks-shared': ['team-a'] },
});
const archive = parseTenant({
  id: 'archive',
  owner: 'archive',
  seriesLabel: 'tenant_id',
  retention: { logsDays: 400, glacierAfterDays: 90, expireAfterDays: 400 },
});
const tenants = [archive, teamA];
const [file] = awsStackFiles(tenants, settings);
const template = yaml.parse(file.content);
const resources = template.Resources;

describe('awsStackFiles', () => {
  it('renders one CloudFormation template that passes the resource specification', () => {
    expect(file).toMatchObject({
      path: 'aws/stack.cfn.yaml',
      format: 'cloudformation',
    });
    expect(validateManifests([file])).toEqual([]);
    expect(file.content).toMatchSnapshot();
  });

  it('keeps every bucket and its data when the stack goes, private and unversioned', () => {
    for (const id of ['MetricsBucket', 'LogsBucket', 'CloudTrailBucket']) {
      expect(resources[id]).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
        },
      });
      expect(resources[id].Properties).not.toHaveProperty(
        'VersioningConfiguration',
      );
    }
    expect(resources.MetricsBucket.Properties.BucketName).toBe(
      settings.metricsBucket,
    );
    expect(resources.LogsBucket.Properties.BucketName).toBe(
      settings.logsBucket,
    );
  });

  it("gives the logs bucket each tenant's own rule, the one its bundle renders, and no bucket-wide expiry", () => {
    const bundleRules = (tenant: typeof teamA) =>
      yaml.parse(
        renderTenantFiles(tenant, TEST_RENDER_SETTINGS).find(
          f => f.path === 'aws/s3-lifecycle-rule.cfn.yaml',
        )!.content,
      );
    const rules = resources.LogsBucket.Properties.LifecycleConfiguration.Rules;
    expect(rules).toEqual([
      bundleRules(archive).LogsBucket.LifecycleConfiguration.Rules[0],
      bundleRules(teamA).LogsBucket.LifecycleConfiguration.Rules[0],
      {
        Id: 'abort-incomplete-uploads',
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      },
    ]);
    expect(rules.slice(0, 2)).toEqual([
      {
        Id: 'tenant-archive',
        Status: 'Enabled',
        Prefix: 'archive/',
        Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }],
        ExpirationInDays: 401,
      },
      {
        Id: 'tenant-team-a',
        Status: 'Enabled',
        Prefix: 'team-a/',
        ExpirationInDays: 31,
      },
    ]);
    expect(
      resources.MetricsBucket.Properties.LifecycleConfiguration.Rules,
    ).toEqual(bundleRules(teamA).MetricsBucket.LifecycleConfiguration.Rules);
  });

  it('refuses more tenants than S3 takes lifecycle rules', () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      parseTenant({ id: `t${i}`, owner: 'x', seriesLabel: 'tenant_id' }),
    );
    expect(() => awsStackFiles(many, settings)).toThrow(/at most 1000/);
  });

  it('lets only this trail write to its bucket, and records management events of every region', () => {
    const trailArn = `arn:aws:cloudtrail:eu-west-1:123456789012:trail/${settings.trailName}`;
    const statements =
      resources.CloudTrailBucketPolicy.Properties.PolicyDocument.Statement;
    expect(statements.map((s: any) => s.Sid)).toEqual([
      'AWSCloudTrailAclCheck',
      'AWSCloudTrailWrite',
    ]);
    for (const s of statements) {
      expect(s.Condition.StringEquals['aws:SourceArn']).toBe(trailArn);
    }
    expect(resources.Trail).toMatchObject({
      DependsOn: 'CloudTrailBucketPolicy',
      Properties: {
        TrailName: settings.trailName,
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
        EventSelectors: [
          { ReadWriteType: 'All', IncludeManagementEvents: true },
        ],
      },
    });
    expect(resources.Trail.Properties.EventSelectors[0]).not.toHaveProperty(
      'DataResources',
    );
  });

  it.each([
    ['ThanosRole', SERVICE_ACCOUNTS.thanos],
    ['LokiRole', SERVICE_ACCOUNTS.loki],
    ['AlertmanagerRole', SERVICE_ACCOUNTS.alertmanager],
  ])(
    '%s trusts exactly the ServiceAccount %s, which names the role',
    (id, account) => {
      const issuer = settings.oidcIssuer;
      const { RoleName, AssumeRolePolicyDocument } = resources[id].Properties;
      expect(AssumeRolePolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: {
            Federated: `arn:aws:iam::123456789012:oidc-provider/${issuer}`,
          },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${issuer}:sub`]: `system:serviceaccount:monitoring:${account}`,
              [`${issuer}:aud`]: 'sts.amazonaws.com',
            },
          },
        },
      ]);
      const annotated = serviceAccount(
        account,
        settings.platformNamespace,
        settings,
        stackRoleName(settings.cluster, account),
      ).metadata!.annotations!['eks.amazonaws.com/role-arn'];
      expect(annotated).toBe(`arn:aws:iam::123456789012:role/${RoleName}`);
    },
  );

  it("lets Alertmanager publish to the tenants', the admin and the heartbeat topics only", () => {
    const [statement] =
      resources.AlertmanagerRole.Properties.Policies[0].PolicyDocument
        .Statement;
    expect(statement).toEqual({
      Effect: 'Allow',
      Action: 'sns:Publish',
      Resource: [
        'arn:aws:sns:eu-west-1:123456789012:*-alerts',
        settings.alertsTopicArn,
        'arn:aws:sns:eu-west-1:123456789012:eks-shared-monitoring-heartbeat',
      ],
    });
  });
});

describe('the audit-log alarm on the monitoring workloads', () => {
  const filter = resources.WorkloadRemovedFilter.Properties;
  const pattern: string = filter.FilterPattern;

  it('counts the matches in the cluster audit log and alarms on one, to the admin topic', () => {
    expect(filter.LogGroupName).toBe('/aws/eks/eks-shared/cluster');
    // CloudWatch Logs takes filter patterns of at most 1024 characters.
    expect(pattern.length).toBeLessThanOrEqual(1024);
    const [transformation] = filter.MetricTransformations;
    expect(resources.WorkloadRemovedAlarm.Properties).toMatchObject({
      Namespace: transformation.MetricNamespace,
      MetricName: transformation.MetricName,
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [settings.cloudTrailTopicArn],
    });
  });

  /** An audit.k8s.io/v1 Event as EKS writes it to the log group. */
  const audit = (
    verb: string,
    objectRef: Record<string, string>,
    more: Record<string, unknown> = {},
  ) => ({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: '8f2b6c1e-4d1a-4a8e-9b55-3f1f0c2d7a10',
    stage: 'ResponseComplete',
    requestURI: `/apis/apps/v1/namespaces/${objectRef.namespace}/${
      objectRef.resource
    }/${objectRef.name ?? ''}`,
    verb,
    user: {
      username: 'arn:aws:sts::123456789012:assumed-role/ops/jane',
      uid: 'aws-iam-authenticator:123456789012:AROAEXAMPLEID',
      groups: ['ops', 'system:authenticated'],
    },
    sourceIPs: ['203.0.113.10'],
    userAgent: 'kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0',
    objectRef: { apiGroup: 'apps', apiVersion: 'v1', ...objectRef },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: '2026-12-07T12:00:00.000000Z',
    stageTimestamp: '2026-12-07T12:00:00.021337Z',
    annotations: { 'authorization.k8s.io/decision': 'allow' },
    ...more,
  });
  const receive = {
    resource: 'statefulsets',
    namespace: 'monitoring',
    name: 'thanos-receive',
  };
  const query = {
    resource: 'deployments',
    namespace: 'monitoring',
    name: 'thanos-query',
  };
  const scale = (replicas: number) => ({
    requestObject: { spec: { replicas } },
    responseObject: {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'thanos-query', namespace: 'monitoring' },
      spec: { replicas },
      status: { replicas: 2, selector: 'app.kubernetes.io/name=thanos-query' },
    },
  });
  const deleteOptions = {
    requestObject: {
      kind: 'DeleteOptions',
      apiVersion: 'meta.k8s.io/__internal',
      propagationPolicy: 'Background',
    },
  };

  const events: [string, unknown, boolean][] = [
    ['a StatefulSet deleted', audit('delete', receive, deleteOptions), true],
    [
      'a Deployment scaled to zero through its scale subresource',
      audit('patch', { ...query, subresource: 'scale' }, scale(0)),
      true,
    ],
    [
      'a Deployment updated with zero replicas',
      audit('update', query, {
        requestObject: { kind: 'Deployment', spec: { replicas: 0 } },
      }),
      true,
    ],
    [
      "Fluent Bit's DaemonSet deleted from the logging namespace",
      audit(
        'delete',
        { resource: 'daemonsets', namespace: 'logging', name: 'fluent-bit' },
        deleteOptions,
      ),
      true,
    ],
    [
      "the namespace's deletion removing its StatefulSets",
      audit('deletecollection', {
        resource: 'statefulsets',
        namespace: 'monitoring',
      }),
      true,
    ],
    [
      'a StatefulSet deleted in a tenant namespace',
      audit('delete', { ...receive, namespace: 'team-a' }, deleteOptions),
      false,
    ],
    ['a StatefulSet read', audit('get', receive, { level: 'Request' }), false],
    [
      'the Deployments listed',
      audit('list', { resource: 'deployments', namespace: 'monitoring' }),
      false,
    ],
    [
      'a delete the API server refused',
      audit('delete', receive, {
        ...deleteOptions,
        responseStatus: {
          metadata: {},
          status: 'Failure',
          message:
            'statefulsets.apps "thanos-receive" is forbidden: User "jane" cannot delete resource "statefulsets" in API group "apps" in the namespace "monitoring"',
          reason: 'Forbidden',
          details: {
            name: 'thanos-receive',
            group: 'apps',
            kind: 'statefulsets',
          },
          code: 403,
        },
        annotations: { 'authorization.k8s.io/decision': 'forbid' },
      }),
      false,
    ],
    [
      'a Deployment scaled to two',
      audit('patch', { ...query, subresource: 'scale' }, scale(2)),
      false,
    ],
    [
      'a delete only received, not yet done',
      audit('delete', receive, { stage: 'RequestReceived' }),
      false,
    ],
    [
      'a Pod deleted in the monitoring namespace',
      audit(
        'delete',
        {
          ...receive,
          resource: 'pods',
          apiGroup: '',
          name: 'thanos-receive-0',
        },
        deleteOptions,
      ),
      false,
    ],
  ];
  it.each(events.map(([name, event, matches]) => [name, matches, event]))(
    '%s: matches %p',
    (_, matches, event) => {
      expect(matchesFilterPattern(pattern, JSON.stringify(event))).toBe(
        matches,
      );
    },
  );

  it('ignores the text lines of the other log types in the group', () => {
    expect(
      matchesFilterPattern(
        pattern,
        'time="2026-12-07T12:00:00Z" level=info msg="access granted" arn="arn:aws:iam::123456789012:role/ops"',
      ),
    ).toBe(false);
  });
});
