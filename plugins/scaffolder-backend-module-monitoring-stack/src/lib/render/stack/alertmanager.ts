import {
  ADMIN_TENANT_ID,
  TENANT_ALERT_LABEL,
  Tenant,
  topicArn,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IService } from 'kubernetes-models/v1/Service';
import {
  alertmanagerRouteConfig,
  SHARED_RECEIVER,
  snsConfig,
} from '../alertmanagerRoute';
import { kube, RenderedFile, toYaml } from '../files';
import { tenantTopic } from '../renderTenant';
import {
  ALERTMANAGER,
  alertmanagerPods,
  HEARTBEAT_ALERT,
  heartbeatTopicName,
  SERVICE_ACCOUNTS,
  stackRoleName,
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

const HEARTBEAT_RECEIVER = 'monitoring-stack-heartbeat';
const CONFIG_DIR = '/etc/alertmanager';
const NOBODY = 65534;

/**
 * The shared `alertmanager.yml`: the Watchdog to the heartbeat topic first
 * (every minute, so its alarm notices within minutes when it stops), then
 * every tenant's routes, which exclude each other (see
 * `alertmanagerRouteConfig`), and what no tenant owns to the admin topic.
 * amtool checks the whole, all tenants merged.
 */
export function alertmanagerConfig(tenants: Tenant[], settings: StackSettings) {
  const sns = (arn: string) => ({ topicArn: arn, region: settings.awsRegion });
  const tenantParts = tenants.map(tenant =>
    alertmanagerRouteConfig(tenant, sns(tenantTopic(tenant, settings).arn)),
  );
  const heartbeatArn = topicArn(
    settings.awsRegion,
    settings.awsAccountId,
    heartbeatTopicName(settings.cluster),
  );
  return {
    route: {
      receiver: SHARED_RECEIVER,
      group_by: ['alertname', 'severity'],
      routes: [
        {
          receiver: HEARTBEAT_RECEIVER,
          // Only the stack's own Watchdog: a tenant's alert of that name
          // (a Loki rule, which carries tenant_id, or one of its
          // namespaces) must not keep the heartbeat alive for a dead
          // Prometheus, nor go unseen.
          matchers: [
            `alertname="${HEARTBEAT_ALERT}"`,
            `${TENANT_ALERT_LABEL}=""`,
            'namespace=""',
          ],
          group_wait: '0s',
          group_interval: '1m',
          repeat_interval: '1m',
          continue: false,
        },
        ...tenantParts.flatMap(part => part.route.routes),
      ],
    },
    receivers: [
      {
        name: SHARED_RECEIVER,
        sns_configs: [snsConfig(ADMIN_TENANT_ID, sns(settings.alertsTopicArn))],
      },
      {
        name: HEARTBEAT_RECEIVER,
        sns_configs: [
          {
            ...snsConfig(ADMIN_TENANT_ID, sns(heartbeatArn)),
            send_resolved: false,
          },
        ],
      },
      ...tenantParts.flatMap(part =>
        part.receivers.filter(r => r.name !== SHARED_RECEIVER),
      ),
    ],
  };
}

/**
 * Three Alertmanagers gossiping (`--cluster.peer` of each member): each
 * Prometheus sends every alert to all three, and the cluster sends each
 * group once; any one may be lost. The members are addressed by their
 * stable DNS names through the headless Service.
 */
function statefulSet(settings: StackSettings): IStatefulSet {
  const { name } = ALERTMANAGER;
  const namespace = settings.platformNamespace;
  const labels = stackLabels(name);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace, labels },
    spec: {
      serviceName: name,
      replicas: ALERTMANAGER.replicas,
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: stackSelector(name) },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: SERVICE_ACCOUNTS.alertmanager,
          ...restrictedPod(NOBODY),
          ...spreadAcrossZones(name),
          containers: [
            {
              name,
              image: STACK_IMAGES.alertmanager,
              args: [
                `--config.file=${CONFIG_DIR}/alertmanager.yml`,
                '--storage.path=/alertmanager',
                `--cluster.listen-address=0.0.0.0:${ALERTMANAGER.clusterPort}`,
                `--cluster.advertise-address=$(POD_IP):${ALERTMANAGER.clusterPort}`,
                ...alertmanagerPods(namespace, ALERTMANAGER.clusterPort).map(
                  peer => `--cluster.peer=${peer}`,
                ),
                `--web.external-url=http://$(POD_NAME).${name}.${namespace}.svc:${ALERTMANAGER.port}`,
              ],
              env: [
                POD_NAME_ENV,
                {
                  name: 'POD_IP',
                  valueFrom: { fieldRef: { fieldPath: 'status.podIP' } },
                },
              ],
              ports: [
                { name: 'http', containerPort: ALERTMANAGER.port },
                { name: 'mesh-tcp', containerPort: ALERTMANAGER.clusterPort },
                {
                  name: 'mesh-udp',
                  containerPort: ALERTMANAGER.clusterPort,
                  protocol: 'UDP',
                },
              ],
              securityContext: restrictedContainer,
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { memory: '256Mi' },
              },
              readinessProbe: { httpGet: { path: '/-/ready', port: 'http' } },
              volumeMounts: [
                { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                { name: 'data', mountPath: '/alertmanager' },
              ],
            },
          ],
          volumes: [{ name: 'config', configMap: { name } }],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '1Gi' } },
          },
        },
      ],
    },
  };
}

/** The shared Alertmanager: its whole configuration and its cluster of three. */
export function alertmanagerStackFiles(
  tenants: Tenant[],
  settings: StackSettings,
): RenderedFile[] {
  const { name } = ALERTMANAGER;
  const namespace = settings.platformNamespace;
  const service: IService = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: stackLabels(name) },
    spec: {
      // Headless: the members' own DNS names, which peers and senders use.
      clusterIP: 'None',
      // Peers find each other before they are ready.
      publishNotReadyAddresses: true,
      selector: stackSelector(name),
      ports: [
        { name: 'http', port: ALERTMANAGER.port, targetPort: 'http' },
        {
          name: 'mesh-tcp',
          port: ALERTMANAGER.clusterPort,
          targetPort: 'mesh-tcp',
        },
        {
          name: 'mesh-udp',
          port: ALERTMANAGER.clusterPort,
          targetPort: 'mesh-udp',
          protocol: 'UDP',
        },
      ],
    },
  };
  return [
    {
      path: 'alertmanager/alertmanager.yml',
      content: toYaml(alertmanagerConfig(tenants, settings)),
      format: 'alertmanager-config',
      configMap: { name, namespace },
    },
    kube(
      'alertmanager/serviceaccount.yaml',
      serviceAccount(
        SERVICE_ACCOUNTS.alertmanager,
        namespace,
        settings,
        stackRoleName(settings.cluster, 'alertmanager'),
      ),
    ),
    kube('alertmanager/statefulset.yaml', statefulSet(settings)),
    kube('alertmanager/service.yaml', service),
    kube('alertmanager/pdb.yaml', disruptionBudget(name, namespace)),
  ];
}
