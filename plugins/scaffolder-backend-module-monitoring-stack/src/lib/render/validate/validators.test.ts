import yaml from 'yaml';
import { parseTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { renderTenantFiles } from '../renderTenant';
import { TEST_RENDER_SETTINGS } from '../../../testUtils';
import { validateBundle, validateManifests } from '../validateManifests';
import { checkWithTool, MissingToolError } from './tools';

const tenant = parseTenant({
  id: 'team-a',
  owner: 'team-a',
  namespaces: { 'eks-shared': ['team-a'] },
  notificationTargets: [{ type: 'email', address: 'team-a@example.com' }],
});
const files = renderTenantFiles(tenant, TEST_RENDER_SETTINGS);
const rendered = (path: string) => {
  const found = files.find(f => f.path === path)!;
  return { found, doc: yaml.parse(found.content) };
};
/** The rendered file at `path`, changed by `breakIt`, validated alone. */
async function broken(path: string, breakIt: (doc: any) => void) {
  const { found, doc } = rendered(path);
  breakIt(doc);
  return validateBundle([{ ...found, content: yaml.stringify(doc) }]);
}

describe('the real tools', () => {
  it.each([
    [
      'promtool check config',
      'prometheus/remote-write.yaml',
      (doc: any) => {
        doc.remote_write[0].write_relabel_configs[0].regex = 'team-a(';
      },
      /prometheus\/remote-write\.yaml: promtool check config failed: .*error parsing regexp/,
    ],
    [
      'promtool check rules',
      'prometheus/rules.yaml',
      (doc: any) => {
        doc.groups[0].rules[0].expr = 'up{namespace="team-a" == 0';
      },
      /prometheus\/rules\.yaml: promtool check rules failed: .*parse error/,
    ],
    [
      'amtool check-config',
      'alertmanager/route.yaml',
      (doc: any) => {
        doc.route.routes[0].receiver = 'nobody';
      },
      /alertmanager\/route\.yaml: amtool check-config failed: .*undefined receiver "nobody"/,
    ],
  ])('%s rejects a broken file', async (_, path, breakIt, message) => {
    expect(await broken(path, breakIt)).toEqual([
      expect.stringMatching(message),
    ]);
  });

  it('accepts the rendered files as they are', async () => {
    for (const path of [
      'prometheus/remote-write.yaml',
      'prometheus/rules.yaml',
      'alertmanager/route.yaml',
    ]) {
      expect(await validateBundle([rendered(path).found])).toEqual([]);
    }
  });

  it("checks a scrape job's relabelling inside a job of its own", async () => {
    const relabel = (rule: object) =>
      checkWithTool(
        'prometheus-relabel',
        yaml.stringify({ relabel_configs: [rule] }),
      );
    expect(
      await relabel({ target_label: 'tenant_id', replacement: 'team-a' }),
    ).toBeUndefined();
    expect(
      await relabel({
        source_labels: ['namespace'],
        regex: '(',
        target_label: 'tenant_id',
      }),
    ).toMatch(/^promtool check config failed: .*error parsing regexp/);
  });

  it('names the Debian package of a missing tool', async () => {
    await expect(
      checkWithTool('prometheus-rules', 'groups: []', {
        binary: 'promtool-not-installed',
      }),
    ).rejects.toThrow(MissingToolError);
    await expect(
      checkWithTool('alertmanager-config', 'route: {}', {
        binary: 'amtool-not-installed',
      }),
    ).rejects.toThrow(
      "amtool-not-installed is not installed, so the rendered files cannot be validated: install Debian's prometheus-alertmanager package",
    );
  });
});

describe('the Kubernetes schemas', () => {
  it.each([
    [
      'a Deployment with a port that is no number',
      'grafana/deployment.yaml',
      (doc: any) => {
        doc.spec.template.spec.containers[0].ports[0].containerPort = 'http';
      },
      'Kubernetes 1.33 schema of Deployment: data/spec/template/spec/containers/0/ports/0/containerPort must be integer',
    ],
    [
      'a Service port without its port',
      'grafana/service.yaml',
      (doc: any) => {
        delete doc.spec.ports[0].port;
      },
      'must have required property',
    ],
    [
      'an ExternalSecret with a field the CRD does not know',
      'grafana/secrets.externalsecret.yaml',
      (doc: any) => {
        doc.spec.secretStore = doc.spec.secretStoreRef;
      },
      "ExternalSecret schema (external-secrets 2.9.0): /spec must NOT have additional properties 'secretStore'",
    ],
    [
      'an ExternalSecret without the remote key',
      'grafana/secrets.externalsecret.yaml',
      (doc: any) => {
        delete doc.spec.data[0].remoteRef.key;
      },
      "/spec/data/0/remoteRef must have required property 'key'",
    ],
    [
      'a SecretStore with an AWS service the CRD does not know',
      'grafana/secrets.secretstore.yaml',
      (doc: any) => {
        doc.spec.provider.aws.service = 'SecretManager';
      },
      'SecretStore schema (external-secrets 2.9.0): /spec/provider/aws/service must be equal to one of the allowed values',
    ],
    [
      'a SecretStore with a misspelt auth field',
      'grafana/secrets.secretstore.yaml',
      (doc: any) => {
        doc.spec.provider.aws.auth.jwt.serviceAccount =
          doc.spec.provider.aws.auth.jwt.serviceAccountRef;
      },
      "/spec/provider/aws/auth/jwt must NOT have additional properties 'serviceAccount'",
    ],
    [
      'a kind without a schema',
      'grafana/service.yaml',
      (doc: any) => {
        doc.apiVersion = 'example.com/v1';
      },
      'no schema for example.com/v1/Service',
    ],
  ])('rejects %s', async (_, path, breakIt, message) => {
    const problems = await broken(path, breakIt);
    expect(problems).toEqual([expect.stringContaining(message)]);
    expect(problems[0]).toMatch(new RegExp(`^${path}: `));
  });
});

describe('the CloudFormation resource specification', () => {
  it.each([
    [
      'an unknown resource type',
      (doc: any) => {
        doc.Resources.AlertsTopic.Type = 'AWS::SNS::Topik';
      },
      'Resources.AlertsTopic.Type: AWS::SNS::Topik is no CloudFormation resource type',
    ],
    [
      'an unknown property',
      (doc: any) => {
        doc.Resources.Subscription0.Properties.Protocoll = 'email';
      },
      'Resources.Subscription0.Properties.Protocoll: AWS::SNS::Subscription has no property Protocoll',
    ],
    [
      'a missing required property',
      (doc: any) => {
        delete doc.Resources.NotifierSubscription.Properties.Protocol;
      },
      'Resources.NotifierSubscription.Properties.Protocol: required by AWS::SNS::Subscription is missing',
    ],
    [
      'a tag that is no tag',
      (doc: any) => {
        doc.Resources.AlertsTopic.Properties.Tags = [{ Name: 'x' }];
      },
      'Resources.AlertsTopic.Properties.Tags[0]: must be a tag { Key, Value }',
    ],
    [
      'a Ref to nothing',
      (doc: any) => {
        doc.Resources.Subscription0.Properties.TopicArn = { Ref: 'Topic' };
      },
      'Ref Topic: no resource or parameter of that name',
    ],
  ])('rejects %s', async (_, breakIt, message) => {
    expect(await broken('aws/sns-topic.cfn.yaml', breakIt)).toEqual([
      `aws/sns-topic.cfn.yaml: ${message}`,
    ]);
  });

  it.each([
    [
      'a storage class S3 does not have',
      (doc: any) => {
        doc.MetricsBucket.LifecycleConfiguration.Rules[0].Transitions[0].StorageClass =
          'GLACIER_INSTANT';
      },
      "MetricsBucket.LifecycleConfiguration.Rules[0].Transitions[0].StorageClass: 'GLACIER_INSTANT' is not one of",
    ],
    [
      'a rule without its status',
      (doc: any) => {
        delete doc.LogsBucket.LifecycleConfiguration.Rules[0].Status;
      },
      'LogsBucket.LifecycleConfiguration.Rules[0].Status: required by Rule is missing',
    ],
    [
      'days that are no number',
      (doc: any) => {
        doc.LogsBucket.LifecycleConfiguration.Rules[0].ExpirationInDays =
          'a month';
      },
      'LogsBucket.LifecycleConfiguration.Rules[0].ExpirationInDays: must be a number',
    ],
  ])('rejects bucket properties with %s', async (_, breakIt, message) => {
    expect(await broken('aws/s3-lifecycle-rule.cfn.yaml', breakIt)).toEqual([
      expect.stringContaining(`aws/s3-lifecycle-rule.cfn.yaml: ${message}`),
    ]);
  });

  it('accepts the rendered templates', () => {
    expect(
      validateManifests(
        files.filter(
          f => f.path.startsWith('aws/') || f.path.startsWith('grafana/'),
        ),
      ),
    ).toEqual([]);
  });
});
