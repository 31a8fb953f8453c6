import {
  matcherText,
  NAMESPACE_ANNOTATIONS,
  NAMESPACE_TENANT_LABEL,
  quoteMeta,
  Tenant,
  tenantLabelValue,
  tenantNamespaceNames,
  tenantSlug,
  topicArn,
} from '@internal/plugin-monitoring-stack-common';
import yaml from 'yaml';
import { TENANT_ALERT_LABEL } from '../alertLabels';
import { tenantGrafanaUid } from '../grafanaNames';
import { tenantDataSources } from '../tenantDataSources';
import { RenderSettings } from './settings';

// Plain YAML without anchors: reviewers of the GitOps pull request read it.
const toYaml = (value: unknown) =>
  yaml.stringify(value, { aliasDuplicateObjects: false });

/** A file of the rendered GitOps tree, relative to the tenant's folder. @public */
export type RenderedFile = { path: string; content: string };

/** Kubernetes object names: `a-z 0-9 -`, so uids double as names. */
const k8sName = tenantGrafanaUid;

/** The SNS topic that carries a tenant's alerts. @public */
export function tenantTopic(tenant: Tenant, settings: RenderSettings) {
  const name = `${tenantSlug(tenant.id).replace(/\./g, '-')}-alerts`;
  return {
    name,
    arn: topicArn(settings.awsRegion, settings.awsAccountId, name),
  };
}

/**
 * The tenant label of the tenant's objects: its id, which the catalog's
 * `backstage.io/kubernetes-label-selector` selects, or none when the id
 * cannot be a label value.
 */
function tenantLabel(tenant: Tenant): Record<string, string> {
  const value = tenantLabelValue(tenant.id);
  return value === undefined ? {} : { [NAMESPACE_TENANT_LABEL]: value };
}

function labelsOf(tenant: Tenant, component: string) {
  return {
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/instance': k8sName(component, tenant.id),
    'app.kubernetes.io/part-of': 'monitoring-stack',
    ...tenantLabel(tenant),
  };
}

/** The tenant's own Grafana: Deployment, Service and data source provisioning. */
function grafanaFiles(
  tenant: Tenant,
  settings: RenderSettings,
): RenderedFile[] {
  const name = k8sName('grafana', tenant.id);
  const namespace =
    settings.grafanaNamespace ??
    tenantNamespaceNames(tenant)[0] ??
    settings.platformNamespace;
  const labels = labelsOf(tenant, 'grafana');
  const selector = {
    'app.kubernetes.io/name': labels['app.kubernetes.io/name'],
    'app.kubernetes.io/instance': labels['app.kubernetes.io/instance'],
  };
  // The token stays in a Secret; Grafana expands $GATEWAY_TOKEN when it reads the file.
  const dataSources = tenantDataSources({
    tenantId: tenant.id,
    gatewayBaseUrl: settings.gatewayBaseUrl,
    gatewayToken: '$GATEWAY_TOKEN',
  }).map(ds => ({ ...ds, editable: false }));
  const provisioning = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${name}-datasources`, namespace, labels },
    data: {
      'datasources.yaml': toYaml({ apiVersion: 1, datasources: dataSources }),
    },
  };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'grafana',
              image: settings.grafanaImage,
              ports: [{ name: 'http', containerPort: 3000 }],
              env: [
                {
                  name: 'GATEWAY_TOKEN',
                  valueFrom: {
                    secretKeyRef: {
                      name: `${name}-gateway-token`,
                      key: 'token',
                    },
                  },
                },
              ],
              volumeMounts: [
                {
                  name: 'datasources',
                  mountPath: '/etc/grafana/provisioning/datasources',
                },
              ],
              readinessProbe: {
                httpGet: { path: '/api/health', port: 'http' },
              },
            },
          ],
          volumes: [
            {
              name: 'datasources',
              configMap: { name: provisioning.metadata.name },
            },
          ],
        },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels },
    spec: {
      selector,
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  };
  return [
    { path: 'grafana/deployment.yaml', content: toYaml(deployment) },
    { path: 'grafana/service.yaml', content: toYaml(service) },
    { path: 'grafana/datasources.yaml', content: toYaml(provisioning) },
  ];
}

/**
 * Fluent Bit re-tags the records of the tenant's namespaces and sends them to
 * Loki with the tenant's id; a tenant without namespaces has nothing to route.
 */
function fluentBitFiles(
  tenant: Tenant,
  settings: RenderSettings,
): RenderedFile[] {
  const namespaces = tenantNamespaceNames(tenant);
  if (namespaces.length === 0) return [];
  const name = k8sName('fluent-bit', tenant.id);
  const tag = `tenant.${name}`;
  const conf = [
    '[FILTER]',
    '    Name          rewrite_tag',
    '    Match         kube.*',
    `    Rule          $kubernetes['namespace_name'] ^(${namespaces
      .map(quoteMeta)
      .join('|')})$ ${tag}.$TAG false`,
    `    Emitter_Name  ${name.replace(/-/g, '_')}_emitter`,
    '',
    '[OUTPUT]',
    '    Name          loki',
    `    Match         ${tag}.*`,
    `    Host          ${settings.lokiHost}`,
    `    Port          ${settings.lokiPort}`,
    `    tenant_id     ${tenant.id}`,
    "    labels        job=fluent-bit, namespace=$kubernetes['namespace_name'], pod=$kubernetes['pod_name']",
    '',
  ].join('\n');
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: settings.loggingNamespace,
      labels: labelsOf(tenant, 'fluent-bit'),
    },
    data: { [`${name}.conf`]: conf },
  };
  return [{ path: 'fluent-bit/configmap.yaml', content: toYaml(configMap) }];
}

/** The tenant's entry of Loki's runtime overrides. */
function lokiFiles(tenant: Tenant, settings: RenderSettings): RenderedFile[] {
  const overrides = {
    overrides: {
      [tenant.id]: {
        retention_period: `${tenant.retention.logsDays * 24}h`,
        ingestion_rate_mb: settings.ingestionRateMb,
        ingestion_burst_size_mb: settings.ingestionBurstSizeMb,
      },
    },
  };
  return [{ path: 'loki/overrides.yaml', content: toYaml(overrides) }];
}

/**
 * The tenant's Thanos Receive hashring entry and the flags of a compactor
 * shard for its blocks only (compactor retention is global otherwise).
 */
function thanosFiles(tenant: Tenant, settings: RenderSettings): RenderedFile[] {
  const name = k8sName('thanos', tenant.id);
  const { rawDays, expireAfterDays } = tenant.retention;
  const selector = [
    {
      action: 'keep',
      source_labels: [TENANT_ALERT_LABEL],
      regex: quoteMeta(tenant.id),
    },
  ];
  const hashring = [
    {
      hashring: name,
      tenants: [tenant.id],
      endpoints: settings.thanosReceiveEndpoints,
    },
  ];
  const compactorArgs = [
    `--retention.resolution-raw=${rawDays}d`,
    // Downsampled data is what long-range queries read, so it outlives raw data.
    `--retention.resolution-5m=${expireAfterDays}d`,
    `--retention.resolution-1h=${expireAfterDays}d`,
    `--selector.relabel-config=${JSON.stringify(selector)}`,
  ];
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: settings.platformNamespace,
      labels: labelsOf(tenant, 'thanos'),
    },
    data: {
      'hashring.json': JSON.stringify(hashring, null, 2),
      'compactor-args': compactorArgs.join('\n'),
    },
  };
  return [{ path: 'thanos/tenant.yaml', content: toYaml(configMap) }];
}

/** Alertmanager route and SNS receiver, to merge into alertmanager.yml. */
function alertmanagerFiles(
  tenant: Tenant,
  settings: RenderSettings,
): RenderedFile[] {
  const receiver = `tenant-${tenantSlug(tenant.id)}`;
  const fragment = {
    route: {
      receiver,
      matchers: [
        matcherText({ label: TENANT_ALERT_LABEL, values: [tenant.id] }),
      ],
      group_by: ['alertname'],
      continue: false,
    },
    receivers: [
      {
        name: receiver,
        sns_configs: [
          {
            topic_arn: tenantTopic(tenant, settings).arn,
            sigv4: { region: settings.awsRegion },
            subject: `[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} (${tenant.id})`,
            attributes: { tenant: tenant.id },
            send_resolved: true,
          },
        ],
      },
    ],
  };
  return [{ path: 'alertmanager/route.yaml', content: toYaml(fragment) }];
}

/**
 * CloudFormation: the tenant's topic with the email and SMS targets
 * subscribed; Slack and Teams targets are delivered by the SNS notifier.
 */
function snsFiles(tenant: Tenant, settings: RenderSettings): RenderedFile[] {
  const topic = tenantTopic(tenant, settings);
  const resources: Record<string, unknown> = {
    AlertsTopic: {
      Type: 'AWS::SNS::Topic',
      Properties: {
        TopicName: topic.name,
        Tags: [{ Key: NAMESPACE_TENANT_LABEL, Value: tenant.id }],
      },
    },
  };
  tenant.notificationTargets
    .filter(target => target.type === 'email' || target.type === 'sms')
    .forEach((target, index) => {
      resources[`Subscription${index}`] = {
        Type: 'AWS::SNS::Subscription',
        Properties: {
          TopicArn: { Ref: 'AlertsTopic' },
          Protocol: target.type,
          Endpoint: target.address,
        },
      };
    });
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Alert topic of monitoring-stack tenant ${tenant.id}`,
    Resources: resources,
    Outputs: { TopicArn: { Value: { Ref: 'AlertsTopic' } } },
  };
  return [{ path: 'aws/sns-topic.cfn.yaml', content: toYaml(template) }];
}

/**
 * The lifecycle rule of the tenant's logs (Loki keeps them under the tenant
 * id's prefix) in CloudFormation's `LifecycleConfiguration.Rules` shape. S3
 * keeps one lifecycle configuration per bucket, so this rule is merged into
 * the shared logs bucket's stack rather than deployed on its own.
 */
function s3Files(tenant: Tenant): RenderedFile[] {
  const { glacierAfterDays, expireAfterDays } = tenant.retention;
  const rules = {
    Rules: [
      {
        Id: `tenant-${tenantSlug(tenant.id)}`,
        Status: 'Enabled',
        Prefix: `${tenant.id}/`,
        Transitions: [
          { StorageClass: 'GLACIER', TransitionInDays: glacierAfterDays },
        ],
        ExpirationInDays: expireAfterDays,
      },
    ],
  };
  return [{ path: 'aws/s3-lifecycle-rule.cfn.yaml', content: toYaml(rules) }];
}

/**
 * The tenant's namespaces, labelled `monitoring-stack.io/tenant=<id>` and
 * annotated with its owner, title and topic: once the GitOps pull request is
 * merged and applied, the catalog module reads the tenant from them, so its
 * monitoring stack appears in the catalog with no other registration.
 */
function namespaceFiles(
  tenant: Tenant,
  settings: RenderSettings,
): RenderedFile[] {
  const label = tenantLabel(tenant);
  if (Object.keys(label).length === 0) return [];
  return tenantNamespaceNames(tenant).map(name => ({
    path: `namespaces/${name}.yaml`,
    content: toYaml({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: label,
        annotations: {
          [NAMESPACE_ANNOTATIONS.owner]: tenant.owner,
          [NAMESPACE_ANNOTATIONS.title]: tenant.title,
          [NAMESPACE_ANNOTATIONS.seriesLabel]: tenant.seriesLabel,
          [NAMESPACE_ANNOTATIONS.snsTopicArns]: tenantTopic(tenant, settings)
            .arn,
        },
      },
    }),
  }));
}

/**
 * Every GitOps file of a tenant, relative to its folder. Pure: the same
 * tenant and settings always give the same files.
 * @public
 */
export function renderTenantFiles(
  tenant: Tenant,
  settings: RenderSettings,
): RenderedFile[] {
  return [
    ...namespaceFiles(tenant, settings),
    ...grafanaFiles(tenant, settings),
    ...fluentBitFiles(tenant, settings),
    ...lokiFiles(tenant, settings),
    ...thanosFiles(tenant, settings),
    ...alertmanagerFiles(tenant, settings),
    ...snsFiles(tenant, settings),
    ...s3Files(tenant),
  ];
}
