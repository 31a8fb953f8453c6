import {
  parseTenant,
  tenantIdProblem,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import yaml from 'yaml';
import { DATA_PLATFORM, TEAM_A } from '../../../__testUtils__/stackTenants';
import {
  podSpecsOf,
  restrictedViolations,
} from '../../../__testUtils__/podSecurity';
import {
  TEST_RENDER_SETTINGS,
  TEST_STACK_SETTINGS as settings,
} from '../../../testUtils/renderSettings';
import { RenderedFile } from '../files';
import { renderTenantFiles } from '../renderTenant';
import { validateManifests } from '../validateManifests';
import { UNOWNED_SERIES_TENANT } from './names';
import { thanosStackFiles } from './thanos';

const teamA = TEAM_A;
const dataPlatform = DATA_PLATFORM;
const files = thanosStackFiles([teamA, dataPlatform], settings);
const content = (path: string, from: RenderedFile[] = files) =>
  from.find(f => f.path === path)!.content;
const argsOf = (path: string, from: RenderedFile[] = files): string[] =>
  yaml.parse(content(path, from)).spec.template.spec.containers[0].args;
const flag = (args: string[], name: string) =>
  args.find(a => a.startsWith(`${name}=`))?.slice(name.length + 1);

describe('the shared Thanos', () => {
  it('renders the same files as before (golden)', () => {
    for (const file of files) {
      expect(`# ${file.path}\n${file.content}`).toMatchSnapshot(file.path);
    }
  });

  it("renders Kubernetes 1.33 objects whose pods pass Pod Security's restricted profile", () => {
    const objects = files.filter(f => f.format === 'kubernetes');
    expect(objects.length).toBeGreaterThan(10);
    expect(validateManifests(files)).toEqual([]);
    const specs = podSpecsOf(objects.map(f => yaml.parse(f.content)));
    expect(specs.map(s => s.name)).toEqual([
      'StatefulSet thanos-receive',
      'Deployment thanos-query',
      'StatefulSet thanos-store',
      'StatefulSet thanos-compactor',
    ]);
    for (const { name, spec } of specs) {
      expect({ name, problems: restrictedViolations(spec) }).toEqual({
        name,
        problems: [],
      });
    }
  });

  it('never changes the hashring, nor Receive, when tenants come and go', () => {
    const renders = [
      [],
      [teamA],
      [dataPlatform, teamA],
      [
        teamA,
        dataPlatform,
        parseTenant({ id: 'new', owner: 'new', seriesLabel: 'tenant_id' }),
      ],
    ].map(tenants => thanosStackFiles(tenants, settings));
    for (const path of [
      'thanos/receive-hashring.yaml',
      'thanos/receive-statefulset.yaml',
      'thanos/receive-service.yaml',
    ]) {
      const versions = new Set(renders.map(r => content(path, r)));
      expect({ path, versions: versions.size }).toEqual({ path, versions: 1 });
    }
    // One hashring without `tenants`, which takes every tenant.
    const { data } = yaml.parse(content('thanos/receive-hashring.yaml'));
    expect(JSON.parse(data['hashrings.json'])).toEqual([
      {
        hashring: 'default',
        algorithm: 'ketama',
        endpoints: [0, 1, 2].map(
          i => `thanos-receive-${i}.thanos-receive.monitoring.svc:10901`,
        ),
      },
    ]);
  });

  it('splits the remote write by tenant_id and files unowned series under an id no tenant can have', () => {
    const args = argsOf('thanos/receive-statefulset.yaml');
    expect(args).toEqual(
      expect.arrayContaining([
        '--remote-write.address=0.0.0.0:19291',
        '--receive.replication-factor=3',
        '--receive.split-tenant-label-name=tenant_id',
        '--receive.tenant-label-name=tenant_id',
        '--label=receive_replica="$(POD_NAME)"',
        '--receive.local-endpoint=$(POD_NAME).thanos-receive.monitoring.svc:10901',
        '--receive.hashrings-file=/etc/thanos/thanos-receive-hashring/hashrings.json',
      ]),
    );
    expect(flag(args, '--receive.default-tenant-id')).toBe(
      UNOWNED_SERIES_TENANT,
    );
    expect(tenantIdProblem(UNOWNED_SERIES_TENANT)).toBeDefined();
  });

  it('deduplicates the Prometheus pair and the Receive replicas, reading Receive and the store', () => {
    const args = argsOf('thanos/query-deployment.yaml');
    expect(args.filter(a => a.startsWith('--query.replica-label='))).toEqual([
      '--query.replica-label=replica',
      '--query.replica-label=receive_replica',
    ]);
    expect(JSON.parse(flag(args, '--endpoint.sd-config')!)).toEqual({
      endpoints: [
        { address: 'dnssrv+_grpc._tcp.thanos-receive.monitoring.svc' },
        { address: 'dnssrv+_grpc._tcp.thanos-store.monitoring.svc' },
      ],
    });
    // The backend's upstream: http://thanos-query.monitoring.svc:9090.
    expect(
      yaml.parse(content('thanos/query-service.yaml')).spec.ports[0],
    ).toEqual({ name: 'http', port: 9090, targetPort: 'http' });
  });

  it("runs one compactor, for the blocks of the stack's retention only", () => {
    const compactor = yaml.parse(content('thanos/compactor-statefulset.yaml'));
    expect(compactor.spec.replicas).toBe(1);
    const args = argsOf('thanos/compactor-statefulset.yaml');
    expect(args).toEqual(
      expect.arrayContaining([
        '--wait',
        '--retention.resolution-raw=30d',
        '--retention.resolution-5m=365d',
        '--retention.resolution-1h=365d',
      ]),
    );
    expect(args).not.toContain('--downsampling.disable');
    // data-platform's own compactor (its bundle) keeps what this one drops.
    const bundle = yaml.parse(
      content(
        'thanos/tenant.yaml',
        renderTenantFiles(dataPlatform, TEST_RENDER_SETTINGS),
      ),
    );
    expect(JSON.parse(flag(args, '--selector.relabel-config')!)).toEqual(
      yaml.parse(bundle.data['shared-compactor-relabel.yaml']),
    );
    const defaultsOnly = thanosStackFiles([teamA], settings);
    expect(
      flag(
        argsOf('thanos/compactor-statefulset.yaml', defaultsOnly),
        '--selector.relabel-config',
      ),
    ).toBeUndefined();
  });

  it('reads the metrics bucket with the IRSA role of its ServiceAccount, no keys', () => {
    expect(yaml.parse(content('thanos/objstore.yaml'))).toEqual({
      type: 'S3',
      config: {
        bucket: 'eks-shared-thanos-metrics',
        endpoint: 's3.eu-west-1.amazonaws.com',
        region: 'eu-west-1',
        aws_sdk_auth: true,
      },
    });
    expect(
      yaml.parse(content('thanos/serviceaccount.yaml')).metadata.annotations,
    ).toEqual({
      'eks.amazonaws.com/role-arn':
        'arn:aws:iam::123456789012:role/eks-shared-thanos',
    });
  });
});
