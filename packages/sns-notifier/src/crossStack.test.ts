import { ConfigReader } from '@backstage/config';
import {
  parseTenant,
  readMonitoringStackSettings,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  renderStackFiles,
  renderTenantFiles,
} from '@tenant-monitoring/plugin-scaffolder-backend-module-monitoring-stack';
import {
  TEST_RENDER_SETTINGS,
  TEST_STACK_SETTINGS,
} from '@tenant-monitoring/plugin-scaffolder-backend-module-monitoring-stack/testUtils';
import {
  notifierTemplate,
  parseCloudFormation,
  resolveIntrinsics,
} from './__testUtils__/cloudFormation';

// As the platform deploys it: the notifier's stack with the portal's
// cluster, in the portal's account and region.
const PARAMETERS: Record<string, string> = {
  Cluster: 'eks-shared',
  'AWS::Region': 'eu-west-1',
  'AWS::AccountId': '123456789012',
  'AWS::Partition': 'aws',
};
const settings = readMonitoringStackSettings(
  new ConfigReader({
    monitoringStack: {
      admin: {
        cluster: PARAMETERS.Cluster,
        region: PARAMETERS['AWS::Region'],
        accountId: PARAMETERS['AWS::AccountId'],
      },
    },
  }),
).admin;

/** A `Fn::Sub` of parameters and pseudo parameters, as CloudFormation resolves it. */
const sub = (value: unknown): string => resolveIntrinsics(value, PARAMETERS);

/** ArnLike: `*` and `?` are wildcards. */
const arnLike = (pattern: string, arn: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^$()|[\]\\{}]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(arn);

const exports = Object.fromEntries(
  Object.values(notifierTemplate.Outputs ?? {})
    .filter(o => o.Export)
    .map(o => [sub(o.Export!.Name), o.Value]),
);
const resource = (type: string) =>
  Object.values(notifierTemplate.Resources).filter(r => r.Type === type);

function tenantStack(id: string) {
  const file = renderTenantFiles(
    parseTenant({ id, owner: id, namespaces: { [PARAMETERS.Cluster]: [id] } }),
    {
      ...TEST_RENDER_SETTINGS,
      awsRegion: PARAMETERS['AWS::Region'],
      awsAccountId: PARAMETERS['AWS::AccountId'],
    },
  ).find(f => f.path === 'aws/sns-topic.cfn.yaml')!;
  return parseCloudFormation(file.content);
}

/** Every `Fn::ImportValue` name in a template. */
function imports(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'Fn::ImportValue' ? [value as string] : imports(value),
  );
}

describe('the notifier stack and a rendered tenant stack', () => {
  it("resolve every import of the tenant stack to the notifier's exports", () => {
    const wanted = imports(tenantStack('team-a'));
    expect(wanted.length).toBeGreaterThan(0);
    expect(wanted.filter(name => !(name in exports))).toEqual([]);
    expect(exports[wanted[0]]).toEqual({
      'Fn::GetAtt': ['NotifierFunction', 'Arn'],
    });
  });

  it("let every tenant's topic invoke the function through the notifier's one permission", () => {
    const patterns = resource('AWS::Lambda::Permission')
      .map(p => p.Properties.SourceArn)
      .filter(arn => arn['Fn::Sub'])
      .map(sub);
    for (const id of ['team-a', 'data-platform', 'payments']) {
      const stack = tenantStack(id);
      expect(
        Object.values(stack.Resources).filter(
          r => r.Type === 'AWS::Lambda::Permission',
        ),
      ).toEqual([]);
      const topicName = Object.values(stack.Resources).find(
        r => r.Type === 'AWS::SNS::Topic',
      )!.Properties.TopicName;
      const arn = `arn:aws:sns:${PARAMETERS['AWS::Region']}:${PARAMETERS['AWS::AccountId']}:${topicName}`;
      expect(patterns.some(p => arnLike(p, arn))).toBe(true);
    }
  });

  it("name the function and the admin topics as the portal's settings do", () => {
    const [fn] = resource('AWS::Lambda::Function');
    expect(sub(fn.Properties.FunctionName)).toBe(settings.notifierFunctionName);
    const topics = resource('AWS::SNS::Topic').map(t =>
      sub(t.Properties.TopicName),
    );
    expect(topics.sort()).toEqual(
      [
        ...[settings.alertsTopicArn, settings.cloudTrailTopicArn].map(
          arn => arn!.split(':')[5],
        ),
        `${settings.cluster}-monitoring-heartbeat`,
      ].sort(),
    );
  });
});

describe('the notifier stack and the rendered shared stack', () => {
  const stack = parseCloudFormation(
    renderStackFiles([], {
      ...TEST_STACK_SETTINGS,
      cluster: PARAMETERS.Cluster,
      awsRegion: PARAMETERS['AWS::Region'],
      awsAccountId: PARAMETERS['AWS::AccountId'],
      alertsTopicArn: settings.alertsTopicArn!,
      cloudTrailTopicArn: settings.cloudTrailTopicArn!,
    }).find(f => f.path === 'aws/stack.cfn.yaml')!.content,
  );
  const topicPolicy = notifierTemplate.Resources.CloudTrailTopicPolicy;

  it("let every alarm of the shared stack publish to the topic it names, the notifier's CloudTrail topic", () => {
    const alarms = Object.values(stack.Resources).filter(
      r => r.Type === 'AWS::CloudWatch::Alarm',
    );
    expect(alarms.length).toBeGreaterThan(0);
    const allowed = topicPolicy.Properties.PolicyDocument.Statement.filter(
      (s: any) => s.Principal?.Service === 'cloudwatch.amazonaws.com',
    ).map((s: any) => sub(s.Condition.ArnLike['aws:SourceArn']));
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([
        settings.cloudTrailTopicArn,
      ]);
      const arn = `arn:aws:cloudwatch:${PARAMETERS['AWS::Region']}:${PARAMETERS['AWS::AccountId']}:alarm:${alarm.Properties.AlarmName}`;
      expect(allowed.some((p: string) => arnLike(p, arn))).toBe(true);
    }
  });

  it("let Alertmanager's role publish to the heartbeat topic the notifier's alarm watches", () => {
    const heartbeat = sub(
      notifierTemplate.Resources.HeartbeatTopic.Properties.TopicName,
    );
    const role = Object.values(stack.Resources).find(
      r =>
        r.Type === 'AWS::IAM::Role' &&
        String(r.Properties.RoleName).endsWith('-alertmanager'),
    )!;
    const resources = JSON.stringify(role.Properties.Policies);
    expect(resources).toContain(
      `arn:aws:sns:${PARAMETERS['AWS::Region']}:${PARAMETERS['AWS::AccountId']}:${heartbeat}`,
    );
  });
});
