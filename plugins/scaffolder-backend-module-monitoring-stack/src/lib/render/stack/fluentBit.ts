import {
  Tenant,
  tenantNamespaceNames,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { kube, RenderedFile } from '../files';
import { fluentBitTenantConfigMap } from '../renderTenant';
import { SERVICE_ACCOUNTS } from './names';
import { StackSettings } from './settings';
import { STACK_IMAGES } from './versions';
import {
  readOnlyClusterRole,
  serviceAccount,
  stackLabels,
  stackSelector,
} from './workload';

const NAME = 'fluent-bit';
const CONFIG_DIR = '/fluent-bit/etc/monitoring-stack';
const TENANTS_DIR = `${CONFIG_DIR}/tenants`;
const STATE_DIR = '/var/fluent-bit/state';

/**
 * Every container log of the node, tagged `kube.*` and enriched with its
 * pod's namespace; each tenant's file (its bundle's ConfigMap) then re-tags
 * the records of its namespaces and sends them to Loki as that tenant.
 * Records no tenant claims match no output and are dropped: a namespace
 * nobody onboarded ships nothing.
 */
const FLUENT_BIT_CONF = [
  '[SERVICE]',
  '    Flush         1',
  '    HTTP_Server   On',
  '    HTTP_Port     2020',
  '    Health_Check  On',
  '',
  '[INPUT]',
  '    Name              tail',
  '    Path              /var/log/containers/*.log',
  '    multiline.parser  cri, docker',
  '    Tag               kube.*',
  `    DB                ${STATE_DIR}/tail.db`,
  '    Mem_Buf_Limit     50MB',
  '    Skip_Long_Lines   On',
  '',
  '[FILTER]',
  '    Name                 kubernetes',
  '    Match                kube.*',
  '    Merge_Log            On',
  '    Keep_Log             Off',
  '    K8S-Logging.Exclude  On',
  '',
  `@INCLUDE ${TENANTS_DIR}/*.conf`,
  '',
].join('\n');

function daemonSet(tenants: Tenant[], settings: StackSettings): IDaemonSet {
  const labels = stackLabels(NAME);
  const hostPath = (name: string, path: string) => ({
    name,
    hostPath: { path, type: 'DirectoryOrCreate' as const },
  });
  const routed = tenants.filter(t => tenantNamespaceNames(t).length > 0);
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: NAME, namespace: settings.loggingNamespace, labels },
    spec: {
      selector: { matchLabels: stackSelector(NAME) },
      // A node is never without a log shipper for long.
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1 },
      },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: SERVICE_ACCOUNTS.fluentBit,
          priorityClassName: 'system-node-critical',
          // Every node, tainted or not: its pods' logs are a tenant's too.
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: NAME,
              image: STACK_IMAGES.fluentBit,
              args: ['--config', `${CONFIG_DIR}/fluent-bit.conf`],
              ports: [{ name: 'http', containerPort: 2020 }],
              // The node's log files belong to root: the logging namespace
              // is the one `privileged` Pod Security namespace of the stack.
              securityContext: {
                runAsUser: 0,
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                readOnlyRootFilesystem: true,
              },
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { memory: '256Mi' },
              },
              readinessProbe: {
                httpGet: { path: '/api/v1/health', port: 'http' },
              },
              volumeMounts: [
                { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                { name: 'varlog', mountPath: '/var/log', readOnly: true },
                { name: 'state', mountPath: STATE_DIR },
              ],
            },
          ],
          volumes: [
            {
              name: 'config',
              projected: {
                sources: [
                  { configMap: { name: NAME } },
                  // A tenant's file may be applied after this: optional.
                  ...routed.map(t => {
                    const name = fluentBitTenantConfigMap(t.id);
                    return {
                      configMap: {
                        name,
                        optional: true,
                        items: [
                          { key: `${name}.conf`, path: `tenants/${name}.conf` },
                        ],
                      },
                    };
                  }),
                ],
              },
            },
            hostPath('varlog', '/var/log'),
            hostPath('state', STATE_DIR),
          ],
        },
      },
    },
  };
}

/** Fluent Bit on every node, mounting each tenant's routing file. */
export function fluentBitStackFiles(
  tenants: Tenant[],
  settings: StackSettings,
): RenderedFile[] {
  const namespace = settings.loggingNamespace;
  // Discovery of pods and their namespaces, read only.
  const { role, binding } = readOnlyClusterRole(NAME, ['pods', 'namespaces'], {
    name: SERVICE_ACCOUNTS.fluentBit,
    namespace: settings.loggingNamespace,
  });
  return [
    {
      path: 'fluent-bit/fluent-bit.conf',
      content: FLUENT_BIT_CONF,
      format: 'fluent-bit-config',
      configMap: { name: NAME, namespace },
    },
    kube(
      'fluent-bit/serviceaccount.yaml',
      serviceAccount(SERVICE_ACCOUNTS.fluentBit, namespace, settings),
    ),
    kube('fluent-bit/clusterrole.yaml', role),
    kube('fluent-bit/clusterrolebinding.yaml', binding),
    kube('fluent-bit/daemonset.yaml', daemonSet(tenants, settings)),
  ];
}
