import { parseTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import yaml from 'yaml';
import { TEST_STACK_SETTINGS as settings } from '../../../testUtils/renderSettings';
import {
  podSpecsOf,
  restrictedViolations,
} from '../../../__testUtils__/podSecurity';
import { validateBundle } from '../validateManifests';
import { renderStackFiles } from './renderStack';

const run = promisify(execFile);

const TENANTS = [
  parseTenant({
    id: 'team-a',
    owner: 'group:default/team-a',
    namespaces: { 'eks-shared': ['team-a', 'team-a-jobs'] },
    notificationTargets: [{ type: 'email', address: 'team-a@example.com' }],
  }),
  parseTenant({
    id: 'data-platform',
    owner: 'group:default/data-platform',
    seriesLabel: 'tenant_id',
    namespaces: { 'eks-shared': ['airflow'] },
    retention: {
      rawDays: 14,
      glacierAfterDays: 30,
      expireAfterDays: 90,
      logsDays: 14,
    },
  }),
];

const files = renderStackFiles(TENANTS, settings);
const file = (path: string) => {
  const found = files.find(f => f.path === path);
  if (!found) throw new Error(`no ${path} among ${files.map(f => f.path)}`);
  return found.content;
};

describe('renderStackFiles', () => {
  it('renders the golden bundle', () => {
    for (const { path, content } of files) {
      expect(content).toMatchSnapshot(path);
    }
  });

  it('passes every validator: promtool and amtool on the merged configurations, the Kubernetes 1.33 schemas, the CloudFormation specification', async () => {
    expect(await validateBundle(files)).toEqual([]);
  }, 60_000);

  it('is the same whatever order the portal lists the tenants in', () => {
    expect(renderStackFiles([...TENANTS].reverse(), settings)).toEqual(files);
  });

  it("lists each folder's objects and generated ConfigMaps in its kustomization, and every rendered file is in one", () => {
    const kustomizations = files.filter(f =>
      f.path.endsWith('/kustomization.yaml'),
    );
    const listed = kustomizations.flatMap(k => {
      const folder = k.path.split('/')[0];
      const { resources = [], configMapGenerator = [] } = yaml.parse(k.content);
      return [
        ...resources,
        ...configMapGenerator.flatMap((g: { files: string[] }) =>
          g.files.map(f => f.split('=')[1]),
        ),
      ].map((p: string) => `${folder}/${p}`);
    });
    const applied = files.filter(f => f.format === 'kubernetes' || f.configMap);
    expect(listed.sort()).toEqual(applied.map(f => f.path).sort());
  });

  describe('the merged Alertmanager configuration, routed by the real amtool', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'stack-am-'));
      await writeFile(
        join(dir, 'am.yml'),
        file('alertmanager/alertmanager.yml'),
      );
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));
    const receiverOf = async (...labels: string[]) =>
      (
        await run('amtool', [
          'config',
          'routes',
          'test',
          `--config.file=${join(dir, 'am.yml')}`,
          ...labels,
        ])
      ).stdout.trim();

    it.each([
      [
        ['alertname=Watchdog', 'cluster=eks-shared'],
        'monitoring-stack-heartbeat',
      ],
      // A tenant's alert named Watchdog never stands in for the heartbeat.
      [['alertname=Watchdog', 'tenant_id=team-a'], 'tenant-team-a'],
      [['alertname=Watchdog', 'namespace=team-a'], 'tenant-team-a'],
      [
        ['alertname=Watchdog', 'namespace=intruder'],
        'monitoring-stack-default',
      ],
      [['alertname=X', 'tenant_id=data-platform'], 'tenant-data-platform'],
      [['alertname=X', 'namespace=team-a-jobs'], 'tenant-team-a'],
      [['alertname=X', 'tenant_id=team-a'], 'tenant-team-a'],
      // A namespace alert that names another tenant goes by its tenant_id.
      [
        ['alertname=X', 'namespace=team-a', 'tenant_id=data-platform'],
        'tenant-data-platform',
      ],
      [['alertname=X', 'namespace=airflow'], 'monitoring-stack-default'],
      [['alertname=X', 'namespace=intruder'], 'monitoring-stack-default'],
    ])('%j goes to %s', async (labels, receiver) => {
      expect(await receiverOf(...labels)).toBe(receiver);
    });
  });

  it("gives Prometheus every tenant's alert rules and the Watchdog, each checked by promtool", () => {
    expect(
      files
        .filter(f => f.path.startsWith('prometheus/rules/'))
        .map(f => f.path),
    ).toEqual([
      'prometheus/rules/watchdog.yaml',
      'prometheus/rules/tenant-data-platform.yaml',
      'prometheus/rules/tenant-team-a.yaml',
    ]);
  });

  it('mounts each tenant routing file into Fluent Bit, optional until the tenant bundle is applied', () => {
    const daemonSet = yaml.parse(file('fluent-bit/daemonset.yaml'));
    const sources = daemonSet.spec.template.spec.volumes[0].projected.sources;
    expect(sources.slice(1)).toEqual([
      expect.objectContaining({
        configMap: expect.objectContaining({
          name: 'fluent-bit-data-platform',
          optional: true,
        }),
      }),
      expect.objectContaining({
        configMap: expect.objectContaining({
          name: 'fluent-bit-team-a',
          optional: true,
        }),
      }),
    ]);
  });

  it('runs Prometheus as a pair and Alertmanager as a gossiping three, spread over zones and guarded by disruption budgets', () => {
    const prometheus = yaml.parse(file('prometheus/statefulset.yaml'));
    const alertmanager = yaml.parse(file('alertmanager/statefulset.yaml'));
    expect(prometheus.spec.replicas).toBe(2);
    expect(alertmanager.spec.replicas).toBe(3);
    const peers = alertmanager.spec.template.spec.containers[0].args.filter(
      (a: string) => a.startsWith('--cluster.peer='),
    );
    expect(peers).toEqual(
      [0, 1, 2].map(
        i =>
          `--cluster.peer=alertmanager-${i}.alertmanager.monitoring.svc:9094`,
      ),
    );
    for (const spec of [
      prometheus.spec.template.spec,
      alertmanager.spec.template.spec,
    ]) {
      expect(spec.topologySpreadConstraints[0].topologyKey).toBe(
        'topology.kubernetes.io/zone',
      );
    }
    for (const component of ['prometheus', 'alertmanager']) {
      expect(
        yaml.parse(file(`${component}/pdb.yaml`)).spec.maxUnavailable,
      ).toBe(1);
    }
    const config = yaml.parse(file('prometheus/prometheus.yml'));
    expect(config.global.scrape_interval).toBe('1m');
    expect(
      config.alerting.alertmanagers[0].static_configs[0].targets,
    ).toHaveLength(3);
  });

  it("runs every pod of the platform namespace as Pod Security's restricted profile, which that namespace enforces", () => {
    const namespaces = files
      .filter(f => f.path.startsWith('namespaces/'))
      .map(f => yaml.parse(f.content).metadata);
    expect(namespaces).toEqual([
      expect.objectContaining({
        name: 'monitoring',
        labels: expect.objectContaining({
          'pod-security.kubernetes.io/enforce': 'restricted',
        }),
      }),
      expect.objectContaining({
        name: 'logging',
        labels: expect.objectContaining({
          'pod-security.kubernetes.io/enforce': 'privileged',
        }),
      }),
    ]);
    const objects = files
      .filter(f => f.format === 'kubernetes')
      .map(f => yaml.parse(f.content))
      .filter(o => o.metadata.namespace === 'monitoring');
    const pods = podSpecsOf(objects);
    expect(pods.map(p => p.name).sort()).toEqual(
      expect.arrayContaining([
        'StatefulSet prometheus',
        'StatefulSet alertmanager',
      ]),
    );
    for (const { name, spec } of pods) {
      expect({ name, violations: restrictedViolations(spec) }).toEqual({
        name,
        violations: [],
      });
    }
  });
});
