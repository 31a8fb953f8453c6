import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_RETENTION,
  readMonitoringStackSettings,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { byName, expectValid } from '../__testUtils__/entities';
import { adminStackEntities } from './adminStackEntities';

describe('adminStackEntities', () => {
  const settings = readMonitoringStackSettings(
    new ConfigReader({
      monitoringStack: {
        adminGroup: 'platform-admins',
        admin: {
          cluster: 'eks-shared',
          region: 'eu-west-1',
          accountId: '123456789012',
        },
        upstreams: { prometheus: { url: 'http://prometheus:9090' } },
      },
    }),
  );
  const entities = adminStackEntities(settings);
  const named = byName(entities);
  const deps = (name: string) =>
    (named.get(`monitoring-stack-${name}`)!.spec as any).dependsOn as string[];

  it('emits valid entities owned by the admin group', async () => {
    await expectValid(entities);
    expect(new Set(entities.map(e => (e.spec as any).owner))).toEqual(
      new Set(['group:default/platform-admins']),
    );
    expect(named.get('monitoring-stack-admin')!.kind).toBe('System');
  });

  it('draws the data flow of the stack', () => {
    expect(deps('fluent-bit')).toEqual([
      'component:default/monitoring-stack-loki',
    ]);
    expect(deps('loki')).toContain('resource:default/monitoring-stack-s3-logs');
    expect(deps('prometheus')).toContain(
      'component:default/monitoring-stack-thanos-receive',
    );
    expect(deps('thanos-receive')).toEqual([
      'resource:default/monitoring-stack-s3-metrics',
    ]);
    expect(deps('cloudtrail')).toEqual([
      'resource:default/monitoring-stack-s3-cloudtrail',
      'resource:default/monitoring-stack-sns-cloudtrail',
    ]);
    expect(deps('sns-cloudtrail')).toEqual([
      'resource:default/monitoring-stack-notifier',
    ]);
    expect(deps('sns-alerts')).toEqual([
      'resource:default/monitoring-stack-notifier',
    ]);
  });

  it('records the lifecycle rules and the AWS names', () => {
    expect(
      named.get('monitoring-stack-thanos-compactor')!.metadata.annotations,
    ).toMatchObject({
      'monitoring-stack.io/downsampling': 'raw=30d,5m',
      'monitoring-stack.io/s3-lifecycle': 'glacier-after=60d',
    });
    expect(
      named.get('monitoring-stack-sns-alerts')!.metadata.annotations,
    ).toMatchObject({
      'monitoring-stack.io/aws-arn':
        'arn:aws:sns:eu-west-1:123456789012:eks-shared-monitoring-alerts',
    });
    expect(named.get('monitoring-stack-prometheus')!.metadata.links).toEqual([
      { url: 'http://prometheus:9090', title: 'Prometheus' },
    ]);
  });

  it('refuses an account id that is not 12 digits', () => {
    expect(() =>
      readMonitoringStackSettings(
        new ConfigReader({ monitoringStack: { admin: { accountId: '12' } } }),
      ),
    ).toThrow(
      "monitoringStack.admin.accountId: must be a 12-digit AWS account id, got '12'",
    );
  });

  it('links the shared UIs from the links, and the services from the upstreams', () => {
    const linked = byName(
      adminStackEntities(
        readMonitoringStackSettings(
          new ConfigReader({
            monitoringStack: {
              upstreams: {
                alertmanager: { url: 'http://alertmanager:9093/' },
                loki: { url: 'http://loki:3100' },
              },
              links: { kiali: 'https://kiali.example.com' },
            },
          }),
        ),
      ),
    );
    const links = (name: string) =>
      linked.get(`monitoring-stack-${name}`)!.metadata.links;
    expect(links('alertmanager')).toEqual([
      { url: 'http://alertmanager:9093', title: 'Alertmanager' },
    ]);
    expect(links('loki')).toEqual([{ url: 'http://loki:3100', title: 'Loki' }]);
    expect(links('kiali')).toEqual([
      { url: 'https://kiali.example.com', title: 'Kiali' },
    ]);
    expect(links('jaeger')).toBeUndefined();
  });

  it('takes the lifecycle figures of its descriptions from the retention defaults', () => {
    const compactor = named.get('monitoring-stack-thanos-compactor')!;
    expect(compactor.metadata.description).toBe(
      `Compacts blocks; raw data is downsampled to 5 minutes after ${DEFAULT_RETENTION.rawDays} days, and the bucket moves objects to Glacier after ${DEFAULT_RETENTION.glacierAfterDays} days.`,
    );
  });

  describe('without a region and an account', () => {
    const bare = adminStackEntities(
      readMonitoringStackSettings(
        new ConfigReader({ monitoringStack: { admin: { cluster: 'eks' } } }),
      ),
    );
    const bareNamed = byName(bare);

    it('emits no SNS topic, rather than one with an invented ARN', async () => {
      await expectValid(bare);
      expect(bareNamed.has('monitoring-stack-sns-alerts')).toBe(false);
      expect(bareNamed.has('monitoring-stack-sns-cloudtrail')).toBe(false);
      expect(JSON.stringify(bare)).not.toContain('arn:aws:sns');
      expect(JSON.stringify(bare)).not.toContain('000000000000');
    });

    it('depends on no missing topic and writes no ARN it cannot know', () => {
      const spec = (name: string) =>
        bareNamed.get(`monitoring-stack-${name}`)!.spec as any;
      expect(spec('alertmanager').dependsOn).toEqual([]);
      expect(spec('cloudtrail').dependsOn).toEqual([
        'resource:default/monitoring-stack-s3-cloudtrail',
      ]);
      for (const name of ['cloudtrail', 'notifier']) {
        expect(
          bareNamed.get(`monitoring-stack-${name}`)!.metadata.annotations,
        ).not.toHaveProperty(['monitoring-stack.io/aws-arn']);
      }
      expect(
        bareNamed.get('monitoring-stack-s3-metrics')!.metadata.annotations,
      ).toMatchObject({
        'monitoring-stack.io/aws-arn': 'arn:aws:s3:::eks-thanos-metrics',
      });
    });
  });
});
