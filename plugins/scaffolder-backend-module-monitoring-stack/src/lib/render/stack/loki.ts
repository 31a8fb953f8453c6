import { Tenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import type { ITopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
import { RenderedFile, toYaml } from '../files';
import { hours, lokiTenantOverrides } from '../renderTenant';
import {
  ALERTMANAGER,
  alertmanagerPods,
  SERVICE_ACCOUNTS,
  stackRoleName,
} from './names';
import { StackSettings } from './settings';
import { irsaAnnotations } from './workload';

/**
 * The day the schema below starts. Never changed: a new schema is a new
 * entry from a later day, or the chunks written before become unreadable.
 */
const SCHEMA_FROM = '2025-01-01';

/**
 * Each target of the simple scalable mode spread across zones. The chart's
 * default `affinity` already keeps two of one target off the same node, and
 * it renders a PodDisruptionBudget of `maxUnavailable: 1` for each target
 * of more than one replica by itself (no value sets it).
 */
function target(component: 'write' | 'read' | 'backend') {
  const spread: ITopologySpreadConstraint = {
    maxSkew: 1,
    topologyKey: 'topology.kubernetes.io/zone',
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: {
      // The chart's selector labels of the target's pods.
      matchLabels: {
        'app.kubernetes.io/name': 'loki',
        'app.kubernetes.io/component': component,
      },
    },
  };
  return { replicas: 3, topologySpreadConstraints: [spread] };
}

/**
 * What the chart's pod security contexts lack for the platform namespace's
 * Pod Security `restricted` level: Helm merges it into their defaults
 * (non-root uids, every capability dropped, no privilege escalation).
 */
const RESTRICTED_POD = { seccompProfile: { type: 'RuntimeDefault' } };

/**
 * Loki in simple scalable mode on S3, multi-tenant: every tenant's
 * retention and limits in the runtime overrides, and the ruler sending to
 * every Alertmanager.
 */
function lokiValues(tenants: Tenant[], settings: StackSettings) {
  const { awsRegion: region, logsBucket } = settings;
  return {
    deploymentMode: 'SimpleScalable',
    loki: {
      podSecurityContext: RESTRICTED_POD,
      auth_enabled: true,
      commonConfig: { replication_factor: 3 },
      // No keys: Loki's S3 client takes IRSA's web identity token.
      storage: {
        type: 's3',
        bucketNames: { chunks: logsBucket, ruler: logsBucket },
        s3: { region },
      },
      schemaConfig: {
        configs: [
          {
            from: SCHEMA_FROM,
            store: 'tsdb',
            object_store: 's3',
            schema: 'v13',
            index: { prefix: 'index_', period: '24h' },
          },
        ],
      },
      // A tenant without an override gets the stack's retention.
      limits_config: { retention_period: hours(settings.retention.logsDays) },
      compactor: { retention_enabled: true, delete_request_store: 's3' },
      // The admin view queries `a|b|…` across tenants.
      querier: { multi_tenant_queries_enabled: true },
      rulerConfig: {
        // Each Alertmanager is its own group: every alert reaches all of them.
        alertmanager_url: alertmanagerPods(
          settings.platformNamespace,
          ALERTMANAGER.port,
        )
          .map(pod => `http://${pod}`)
          .join(','),
        enable_alertmanager_v2: true,
      },
      runtimeConfig: {
        overrides: Object.fromEntries(
          tenants.map(tenant => [
            tenant.id,
            lokiTenantOverrides(tenant, settings),
          ]),
        ),
      },
    },
    serviceAccount: {
      create: true,
      name: SERVICE_ACCOUNTS.loki,
      annotations: irsaAnnotations(
        settings,
        stackRoleName(settings.cluster, SERVICE_ACCOUNTS.loki),
      ),
    },
    gateway: { podSecurityContext: RESTRICTED_POD },
    memcached: { podSecurityContext: RESTRICTED_POD },
    // The canary pushes as a tenant of its own, and the chart's test needs it.
    lokiCanary: { enabled: false },
    test: { enabled: false },
    write: target('write'),
    read: target('read'),
    backend: target('backend'),
  };
}

/**
 * The values the platform installs the grafana/loki chart (LOKI_CHART)
 * with. Format `config`: no local validator of the chart's values or of
 * Loki's configuration exists, so the keys are only known to match the
 * chart's `values.yaml` and Loki's configuration reference of that release.
 */
export function lokiStackFiles(
  tenants: Tenant[],
  settings: StackSettings,
): RenderedFile[] {
  return [
    {
      path: 'loki/values.yaml',
      content: toYaml(lokiValues(tenants, settings)),
      format: 'config',
    },
  ];
}
