import { Tenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IService } from 'kubernetes-models/v1/Service';
import { k8sName, kube, RenderedFile, toYaml } from '../files';
import {
  tenantAlertRules,
  tenantScrapeRelabel,
  thanosRemoteWrite,
} from '../prometheus';
import {
  ALERTMANAGER,
  alertmanagerPods,
  HEARTBEAT_ALERT,
  PROMETHEUS_REPLICA_LABEL,
  SERVICE_ACCOUNTS,
} from './names';
import { StackSettings } from './settings';
import { STACK_IMAGES } from './versions';
import {
  disruptionBudget,
  readOnlyClusterRole,
  POD_NAME_ENV,
  restrictedContainer,
  restrictedPod,
  serviceAccount,
  spreadAcrossZones,
  stackLabels,
  stackSelector,
} from './workload';

const NAME = 'prometheus';
const REPLICAS = 2;
const CONFIG_DIR = '/etc/prometheus';
const RULES_DIR = `${CONFIG_DIR}/rules`;
const NOBODY = 65534;

/**
 * The scrape job of every pod that asks for it
 * (`prometheus.io/scrape: "true"`, port and path from its annotations). The
 * target's `namespace` and `pod` come from discovery; with `honor_labels`
 * off, a label of the same name the target exposes becomes
 * `exported_namespace`, so no target can claim another namespace, nor
 * another tenant (see `tenantScrapeRelabel`).
 */
export function podScrapeJob(tenants: Tenant[]) {
  const tenantRules = tenantScrapeRelabel(tenants);
  const annotation = (name: string) =>
    `__meta_kubernetes_pod_annotation_prometheus_io_${name}`;
  return {
    job_name: 'kubernetes-pods',
    honor_labels: false,
    kubernetes_sd_configs: [{ role: 'pod' }],
    relabel_configs: [
      { source_labels: [annotation('scrape')], regex: 'true', action: 'keep' },
      {
        source_labels: ['__address__', annotation('port')],
        regex: '([^:]+)(?::\\d+)?;(\\d+)',
        replacement: '$1:$2',
        target_label: '__address__',
      },
      {
        source_labels: [annotation('path')],
        regex: '(.+)',
        target_label: '__metrics_path__',
      },
      {
        source_labels: ['__meta_kubernetes_namespace'],
        target_label: 'namespace',
      },
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
      ...tenantRules.relabel_configs,
    ],
    metric_relabel_configs: tenantRules.metric_relabel_configs,
  };
}

/**
 * `prometheus.yml` of both replicas: 1-minute scrapes, each replica's pod
 * name as its replica label (expanded from the environment, which
 * Prometheus 3 does by default), which Thanos Query deduplicates and the
 * alerts lose before they reach every Alertmanager, so the two replicas'
 * alerts are one; one remote write for every tenant.
 */
export function prometheusConfig(tenants: Tenant[], settings: StackSettings) {
  return {
    global: {
      scrape_interval: '1m',
      evaluation_interval: '1m',
      external_labels: {
        cluster: settings.cluster,
        [PROMETHEUS_REPLICA_LABEL]: `\${${POD_NAME_ENV.name}}`,
      },
    },
    alerting: {
      alert_relabel_configs: [
        { action: 'labeldrop', regex: PROMETHEUS_REPLICA_LABEL },
      ],
      alertmanagers: [
        {
          static_configs: [
            {
              targets: alertmanagerPods(
                settings.platformNamespace,
                ALERTMANAGER.port,
              ),
            },
          ],
        },
      ],
    },
    rule_files: [`${RULES_DIR}/*.yaml`],
    scrape_configs: [podScrapeJob(tenants)],
    remote_write: [thanosRemoteWrite(settings)],
  };
}

/**
 * The dead man's switch: always firing, so Alertmanager publishes it to the
 * heartbeat topic every minute; when neither replica or no Alertmanager is
 * left, the heartbeat stops and notifier.yaml's alarm fires.
 */
export const WATCHDOG_RULES = {
  groups: [
    {
      name: 'monitoring-stack',
      rules: [
        {
          alert: HEARTBEAT_ALERT,
          expr: 'vector(1)',
          labels: { severity: 'none' },
          annotations: {
            summary:
              'Always firing: Prometheus and Alertmanager are alive while it arrives',
          },
        },
      ],
    },
  ],
};

function workloadObjects(settings: StackSettings, rulesConfigMap: string) {
  const namespace = settings.platformNamespace;
  const labels = stackLabels(NAME);
  const statefulSet: IStatefulSet = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: NAME, namespace, labels },
    spec: {
      serviceName: NAME,
      replicas: REPLICAS,
      // Both replicas scrape and alert on their own: start them together.
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: stackSelector(NAME) },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: SERVICE_ACCOUNTS.prometheus,
          ...restrictedPod(NOBODY),
          ...spreadAcrossZones(NAME),
          containers: [
            {
              name: NAME,
              image: STACK_IMAGES.prometheus,
              args: [
                `--config.file=${CONFIG_DIR}/prometheus.yml`,
                '--storage.tsdb.path=/prometheus',
                // Thanos keeps the history; a replica only bridges outages of Receive.
                '--storage.tsdb.retention.time=2d',
                '--web.enable-lifecycle',
              ],
              env: [POD_NAME_ENV],
              ports: [{ name: 'http', containerPort: 9090 }],
              securityContext: restrictedContainer,
              resources: {
                requests: { cpu: '500m', memory: '2Gi' },
                limits: { memory: '4Gi' },
              },
              readinessProbe: { httpGet: { path: '/-/ready', port: 'http' } },
              volumeMounts: [
                { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                { name: 'rules', mountPath: RULES_DIR, readOnly: true },
                { name: 'data', mountPath: '/prometheus' },
              ],
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: NAME } },
            { name: 'rules', configMap: { name: rulesConfigMap } },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '50Gi' } },
          },
        },
      ],
    },
  };
  const service: IService = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: NAME, namespace, labels },
    spec: {
      clusterIP: 'None',
      selector: stackSelector(NAME),
      ports: [{ name: 'http', port: 9090, targetPort: 'http' }],
    },
  };
  return { statefulSet, service };
}

/**
 * The shared Prometheus as an HA pair: its configuration and rules (the
 * Watchdog and every tenant's, one ConfigMap), each checked by promtool as
 * its own file too, and the StatefulSet of two replicas in different zones.
 */
export function prometheusStackFiles(
  tenants: Tenant[],
  settings: StackSettings,
): RenderedFile[] {
  const namespace = settings.platformNamespace;
  const config = prometheusConfig(tenants, settings);
  const ruleFiles: Record<string, object> = {
    'watchdog.yaml': WATCHDOG_RULES,
    ...Object.fromEntries(
      tenants.map(t => [
        `${k8sName('tenant', t.id)}.yaml`,
        tenantAlertRules(t),
      ]),
    ),
  };
  const rulesName = `${NAME}-rules`;
  const { statefulSet, service } = workloadObjects(settings, rulesName);
  // Discovery of pods, read only.
  const { role, binding } = readOnlyClusterRole(NAME, ['pods'], {
    name: SERVICE_ACCOUNTS.prometheus,
    namespace: settings.platformNamespace,
  });
  return [
    {
      path: 'prometheus/prometheus.yml',
      content: toYaml(config),
      format: 'prometheus-config',
      configMap: { name: NAME, namespace },
    },
    ...Object.entries(ruleFiles).map(
      ([file, rules]): RenderedFile => ({
        path: `prometheus/rules/${file}`,
        content: toYaml(rules),
        format: 'prometheus-rules',
        configMap: { name: rulesName, namespace },
      }),
    ),
    kube(
      'prometheus/serviceaccount.yaml',
      serviceAccount(SERVICE_ACCOUNTS.prometheus, namespace, settings),
    ),
    kube('prometheus/clusterrole.yaml', role),
    kube('prometheus/clusterrolebinding.yaml', binding),
    kube('prometheus/statefulset.yaml', statefulSet),
    kube('prometheus/service.yaml', service),
    kube('prometheus/pdb.yaml', disruptionBudget(NAME, namespace)),
  ];
}
