import {
  Tenant,
  TENANT_ALERT_LABEL,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { IService } from 'kubernetes-models/v1/Service';
import { kube, RenderedFile, toYaml } from '../files';
import { compactorRetentionArgs, tenantBlocksSelector } from '../renderTenant';
import {
  PROMETHEUS_REPLICA_LABEL,
  RECEIVE_REPLICA_LABEL,
  SERVICE_ACCOUNTS,
  stackRoleName,
  THANOS_QUERY,
  THANOS_RECEIVE,
  UNOWNED_SERIES_TENANT,
} from './names';
import { StackSettings } from './settings';
import { STACK_IMAGES } from './versions';
import {
  disruptionBudget,
  POD_NAME_ENV,
  restrictedContainer,
  restrictedPod,
  serviceAccount,
  spreadAcrossZones,
  stackLabels,
  stackSelector,
} from './workload';

/** The image's user. */
const THANOS_UID = 1001;
// Every component listens on Thanos' default ports, which Receive's are.
const { grpcPort, httpPort, remoteWritePort } = THANOS_RECEIVE;
const GRPC = { name: 'grpc', port: grpcPort };
const HTTP = { name: 'http', port: httpPort };
const LISTEN = [
  `--grpc-address=0.0.0.0:${grpcPort}`,
  `--http-address=0.0.0.0:${httpPort}`,
];
const STORE = 'thanos-store';
const COMPACTOR = 'thanos-compactor';
const DATA_DIR = '/var/thanos';
/** A ConfigMap generated from its file: a change rolls the pods (renderStack.ts). */
const OBJSTORE = { name: 'thanos-objstore', file: 'objstore.yaml' };
/** A plain ConfigMap: Receive reloads the file by itself, no restart. */
const HASHRING = { name: 'thanos-receive-hashring', file: 'hashrings.json' };
type ConfigFile = typeof OBJSTORE;
const configDir = (config: ConfigFile) => `/etc/thanos/${config.name}`;
const configPath = (config: ConfigFile) =>
  `${configDir(config)}/${config.file}`;
const OBJSTORE_ARG = `--objstore.config-file=${configPath(OBJSTORE)}`;

type Port = { name: string; port: number };
type Workload = {
  name: string;
  replicas: number;
  args: string[];
  ports: Port[];
  /** Memory limit only: a CPU limit would throttle ingestion and queries. */
  resources: { cpu: string; memory: string; limit: string };
  configs: ConfigFile[];
  env?: IContainer['env'];
  /** Each pod's own volume, mounted at DATA_DIR: a StatefulSet's. */
  storage?: string;
  /** Headless: each pod gets its own DNS name, and Query finds each one by the SRV records of `grpc`. */
  service?: { ports: Port[]; headless: boolean };
};

function podTemplate(w: Workload): IPodTemplateSpec {
  const { cpu, memory, limit } = w.resources;
  const mounts = w.configs.map(c => ({ name: c.name, dir: configDir(c) }));
  return {
    metadata: { labels: stackLabels(w.name) },
    spec: {
      serviceAccountName: SERVICE_ACCOUNTS.thanos,
      ...restrictedPod(THANOS_UID),
      ...spreadAcrossZones(w.name),
      containers: [
        {
          name: 'thanos',
          image: STACK_IMAGES.thanos,
          args: w.args,
          ...(w.env ? { env: w.env } : {}),
          ports: w.ports.map(p => ({ name: p.name, containerPort: p.port })),
          securityContext: restrictedContainer,
          resources: { requests: { cpu, memory }, limits: { memory: limit } },
          readinessProbe: { httpGet: { path: '/-/ready', port: 'http' } },
          volumeMounts: [
            ...(w.storage ? [{ name: 'data', mountPath: DATA_DIR }] : []),
            ...mounts.map(m => ({
              name: m.name,
              mountPath: m.dir,
              readOnly: true,
            })),
          ],
        },
      ],
      volumes: mounts.map(m => ({ name: m.name, configMap: { name: m.name } })),
    },
  };
}

/**
 * A component: a StatefulSet when its pods keep data on their own volume,
 * else a Deployment; its Service, if any; its disruption budget when it
 * has more than one pod.
 */
function componentFiles(
  prefix: string,
  w: Workload,
  namespace: string,
): RenderedFile[] {
  const metadata = { name: w.name, namespace, labels: stackLabels(w.name) };
  const spec = {
    replicas: w.replicas,
    selector: { matchLabels: stackSelector(w.name) },
    template: podTemplate(w),
  };
  const path = (kind: string) => `thanos/${prefix}-${kind}.yaml`;
  const workload = w.storage
    ? kube(path('statefulset'), {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata,
        spec: {
          ...(w.service?.headless ? { serviceName: w.name } : {}),
          podManagementPolicy: 'Parallel',
          ...spec,
          volumeClaimTemplates: [
            {
              metadata: { name: 'data' },
              spec: {
                accessModes: ['ReadWriteOnce'],
                resources: { requests: { storage: w.storage } },
              },
            },
          ],
        },
      } satisfies IStatefulSet)
    : kube(path('deployment'), {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata,
        spec,
      } satisfies IDeployment);
  const service = (s: NonNullable<Workload['service']>): IService => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      ...(s.headless ? { clusterIP: 'None' } : {}),
      selector: stackSelector(w.name),
      ports: s.ports.map(p => ({ ...p, targetPort: p.name })),
    },
  });
  return [
    workload,
    ...(w.service ? [kube(path('service'), service(w.service))] : []),
    ...(w.replicas > 1
      ? [kube(path('pdb'), disruptionBudget(w.name, namespace))]
      : []),
  ];
}

/** A Receive pod's gRPC endpoint, as the hashring names it. */
const receiveEndpoint = (pod: string, namespace: string) =>
  `${pod}.${THANOS_RECEIVE.name}.${namespace}.svc:${grpcPort}`;

/**
 * The one hashring: no `tenants`, so it takes every tenant, and nothing of
 * the tenants in it. Receive flushes every tenant's TSDB when its hashring
 * changes, so onboarding a tenant must never change this file.
 */
function hashringConfigMap(namespace: string): IConfigMap {
  const endpoints = Array.from({ length: THANOS_RECEIVE.replicas }, (_, i) =>
    receiveEndpoint(`${THANOS_RECEIVE.name}-${i}`, namespace),
  );
  // Ketama: adding a Receive moves few series, unlike hashmod.
  const hashrings = [{ hashring: 'default', algorithm: 'ketama', endpoints }];
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: HASHRING.name,
      namespace,
      labels: stackLabels(THANOS_RECEIVE.name),
    },
    data: { [HASHRING.file]: JSON.stringify(hashrings, null, 2) },
  };
}

/** Two Queries, reading Receive and the store gateway. */
function query(namespace: string): Workload {
  const srv = (of: string) => ({
    address: `dnssrv+_grpc._tcp.${of}.${namespace}.svc`,
  });
  return {
    name: THANOS_QUERY.name,
    replicas: 2,
    args: [
      'query',
      ...LISTEN,
      // One series of the Prometheus pair and of the Receive replicas.
      `--query.replica-label=${PROMETHEUS_REPLICA_LABEL}`,
      `--query.replica-label=${RECEIVE_REPLICA_LABEL}`,
      // What replaces the deprecated --endpoint flags.
      `--endpoint.sd-config=${JSON.stringify({
        endpoints: [srv(THANOS_RECEIVE.name), srv(STORE)],
      })}`,
    ],
    ports: [GRPC, HTTP],
    resources: { cpu: '250m', memory: '512Mi', limit: '2Gi' },
    configs: [],
    // The backend's upstream reaches Query's HTTP API on THANOS_QUERY.port.
    service: {
      ports: [{ ...HTTP, port: THANOS_QUERY.port }, GRPC],
      headless: false,
    },
  };
}

/**
 * Thanos for every tenant: Receive (three replicas, each series on all
 * three) splits the one remote write into tenants by `tenant_id` and ships
 * blocks to the metrics bucket; the store gateway serves the bucket; Query
 * reads both; the compactor compacts, downsamples and expires the blocks of
 * the tenants with the stack's retention.
 */
export function thanosStackFiles(
  tenants: Tenant[],
  settings: StackSettings,
): RenderedFile[] {
  const namespace = settings.platformNamespace;
  const objstore = {
    type: 'S3',
    config: {
      bucket: settings.metricsBucket,
      endpoint: `s3.${settings.awsRegion}.amazonaws.com`,
      region: settings.awsRegion,
      // No keys: the AWS SDK's chain takes IRSA's web identity token.
      aws_sdk_auth: true,
    },
  };
  // A compactor applies one retention: a tenant whose metrics retention
  // differs has its own (its bundle's compactor-args), which keeps its blocks.
  const { rawDays, expireAfterDays } = settings.retention;
  const dropped = tenants
    .filter(
      t =>
        t.retention.rawDays !== rawDays ||
        t.retention.expireAfterDays !== expireAfterDays,
    )
    .flatMap(tenant => tenantBlocksSelector(tenant, 'drop'));
  const account = SERVICE_ACCOUNTS.thanos;
  const receivePorts = [
    GRPC,
    HTTP,
    { name: 'remote-write', port: remoteWritePort },
  ];
  return [
    kube(
      'thanos/serviceaccount.yaml',
      serviceAccount(
        account,
        namespace,
        settings,
        stackRoleName(settings.cluster, account),
      ),
    ),
    {
      path: `thanos/${OBJSTORE.file}`,
      content: toYaml(objstore),
      format: 'config',
      configMap: { name: OBJSTORE.name, namespace },
    },
    kube('thanos/receive-hashring.yaml', hashringConfigMap(namespace)),
    // A write needs two of the three replicas: the budget lets one go at a time.
    ...componentFiles(
      'receive',
      {
        name: THANOS_RECEIVE.name,
        replicas: THANOS_RECEIVE.replicas,
        storage: '50Gi',
        args: [
          'receive',
          `--tsdb.path=${DATA_DIR}`,
          // Blocks ship to the bucket every two hours; the store serves them.
          '--tsdb.retention=1d',
          ...LISTEN,
          `--remote-write.address=0.0.0.0:${remoteWritePort}`,
          `--receive.replication-factor=${THANOS_RECEIVE.replicationFactor}`,
          `--receive.split-tenant-label-name=${TENANT_ALERT_LABEL}`,
          `--receive.tenant-label-name=${TENANT_ALERT_LABEL}`,
          `--receive.default-tenant-id=${UNOWNED_SERIES_TENANT}`,
          `--label=${RECEIVE_REPLICA_LABEL}="$(POD_NAME)"`,
          `--receive.local-endpoint=${receiveEndpoint(
            '$(POD_NAME)',
            namespace,
          )}`,
          `--receive.hashrings-file=${configPath(HASHRING)}`,
          OBJSTORE_ARG,
        ],
        env: [POD_NAME_ENV],
        ports: receivePorts,
        resources: { cpu: '500m', memory: '2Gi', limit: '4Gi' },
        configs: [HASHRING, OBJSTORE],
        service: { ports: receivePorts, headless: true },
      },
      namespace,
    ),
    ...componentFiles('query', query(namespace), namespace),
    ...componentFiles(
      'store',
      {
        name: STORE,
        replicas: 2,
        storage: '20Gi',
        args: ['store', `--data-dir=${DATA_DIR}`, ...LISTEN, OBJSTORE_ARG],
        ports: [GRPC, HTTP],
        resources: { cpu: '250m', memory: '1Gi', limit: '2Gi' },
        configs: [OBJSTORE],
        service: { ports: [GRPC, HTTP], headless: true },
      },
      namespace,
    ),
    ...componentFiles(
      'compactor',
      {
        name: COMPACTOR,
        // One, never two: two compactors on the same blocks corrupt the
        // bucket. A StatefulSet, unlike a Deployment's rolling update,
        // never starts the new pod before the old one is gone.
        replicas: 1,
        storage: '100Gi',
        args: [
          'compact',
          '--wait',
          `--data-dir=${DATA_DIR}`,
          `--http-address=0.0.0.0:${httpPort}`,
          OBJSTORE_ARG,
          // Downsampling stays on (Thanos' default).
          ...compactorRetentionArgs(settings.retention),
          ...(dropped.length > 0
            ? [`--selector.relabel-config=${JSON.stringify(dropped)}`]
            : []),
        ],
        ports: [HTTP],
        resources: { cpu: '500m', memory: '1Gi', limit: '4Gi' },
        configs: [OBJSTORE],
      },
      namespace,
    ),
  ];
}
