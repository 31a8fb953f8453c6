import {
  formatRetention,
  notifierArnExport,
  NAMESPACE_ANNOTATIONS,
  NAMESPACE_TENANT_LABEL,
  quoteMeta,
  Tenant,
  TENANT_ALERT_LABEL,
  tenantNamespaceNames,
  TenantRetention,
  tenantSlug,
  topicArn,
  withoutTrailingSlash,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import { alertmanagerRouteConfig } from './alertmanagerRoute';
import {
  k8sName,
  kube,
  labelsOf,
  RenderedFile,
  tenantLabel,
  toYaml,
} from './files';
import { grafanaFiles } from './grafana';
import {
  metricsLifecycleRule,
  tenantLogsLifecycleRule,
} from './lifecycleRules';
import { prometheusFiles } from './prometheus';
import { RenderSettings } from './settings';

/** The SNS topic that carries a tenant's alerts. @public */
export function tenantTopic(
  tenant: Tenant,
  settings: Pick<RenderSettings, 'awsRegion' | 'awsAccountId'>,
) {
  const name = `${tenantSlug(tenant.id).replace(/\./g, '-')}-alerts`;
  return {
    name,
    arn: topicArn(settings.awsRegion, settings.awsAccountId, name),
  };
}

/**
 * The ConfigMap of a tenant's Fluent Bit routing, `<name>.conf` its one key;
 * the stack's DaemonSet mounts it by this name (stack/fluentBit.ts).
 */
export const fluentBitTenantConfigMap = (tenantId: string) =>
  k8sName('fluent-bit', tenantId);

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
  const name = fluentBitTenantConfigMap(tenant.id);
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
  const configMap: IConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: settings.loggingNamespace,
      labels: labelsOf(tenant, 'fluent-bit'),
    },
    data: { [`${name}.conf`]: conf },
  };
  return [kube('fluent-bit/configmap.yaml', configMap)];
}

/** Days as a Prometheus/Loki duration in hours, `720h`. */
export const hours = (days: number) => `${days * 24}h`;

/**
 * The tenant's entry of Loki's runtime overrides, in its bundle and in the
 * stack's Loki values alike: Loki's compactor deletes the tenant's logs
 * after `logsDays` (`retention_period`), the day before the logs bucket's
 * lifecycle rule expires what is left of them.
 * @public
 */
export function lokiTenantOverrides(
  tenant: Tenant,
  settings: Pick<RenderSettings, 'ingestionRateMb' | 'ingestionBurstSizeMb'>,
) {
  return {
    retention_period: hours(tenant.retention.logsDays),
    ingestion_rate_mb: settings.ingestionRateMb,
    ingestion_burst_size_mb: settings.ingestionBurstSizeMb,
  };
}

function lokiFiles(tenant: Tenant, settings: RenderSettings): RenderedFile[] {
  const overrides = {
    overrides: { [tenant.id]: lokiTenantOverrides(tenant, settings) },
  };
  return [
    {
      path: 'loki/overrides.yaml',
      content: toYaml(overrides),
      format: 'config',
    },
  ];
}

/**
 * The compactor's selector (`--selector.relabel-config`) that keeps or drops
 * the tenant's blocks: Receive stamps `tenant_id` on them, whatever the
 * tenant's series label.
 * @public
 */
export function tenantBlocksSelector(tenant: Tenant, action: 'keep' | 'drop') {
  return [
    {
      action,
      source_labels: [TENANT_ALERT_LABEL],
      regex: quoteMeta(tenant.id),
    },
  ];
}

/**
 * The flags of a compactor's retention. Thanos downsamples by itself (5m
 * for blocks older than 40h, 1h after 10 days); the flags say how long each
 * resolution is kept: raw for `rawDays`, the downsampled ones, which
 * long-range queries read, for `expireAfterDays`.
 * @public
 */
export function compactorRetentionArgs(
  retention: Pick<TenantRetention, 'rawDays' | 'expireAfterDays'>,
): string[] {
  return [
    `--retention.resolution-raw=${retention.rawDays}d`,
    `--retention.resolution-5m=${retention.expireAfterDays}d`,
    `--retention.resolution-1h=${retention.expireAfterDays}d`,
  ];
}

/**
 * The flags of a compactor for the tenant's blocks only (Thanos applies one
 * retention per compactor), and the relabel config that keeps the stack's
 * shared compactor off them. No Receive hashring entry: the stack's one
 * hashring takes every tenant (stack/thanos.ts), so onboarding a tenant
 * never changes it.
 */
function thanosFiles(tenant: Tenant, settings: RenderSettings): RenderedFile[] {
  const name = k8sName('thanos', tenant.id);
  const compactorArgs = [
    ...compactorRetentionArgs(tenant.retention),
    `--selector.relabel-config=${JSON.stringify(
      tenantBlocksSelector(tenant, 'keep'),
    )}`,
  ];
  const configMap: IConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: settings.platformNamespace,
      labels: labelsOf(tenant, 'thanos'),
    },
    data: {
      'compactor-args': compactorArgs.join('\n'),
      // Appended to the shared compactor's --selector.relabel-config list.
      'shared-compactor-relabel.yaml': toYaml(
        tenantBlocksSelector(tenant, 'drop'),
      ),
    },
  };
  return [kube('thanos/tenant.yaml', configMap)];
}

/** The tenant's part of the shared Alertmanager's configuration. */
function alertmanagerFiles(
  tenant: Tenant,
  settings: RenderSettings,
): RenderedFile[] {
  const config = alertmanagerRouteConfig(tenant, {
    topicArn: tenantTopic(tenant, settings).arn,
    region: settings.awsRegion,
  });
  return [
    {
      path: 'alertmanager/route.yaml',
      content: toYaml(config),
      format: 'alertmanager-config',
    },
  ];
}

/** The portal's SNS receiver, which records deliveries for the portal. */
export function snsReceiverUrl(gatewayBaseUrl: string): string {
  return `${withoutTrailingSlash(
    gatewayBaseUrl,
  )}/api/monitoring-stack/sns/receive`;
}

/**
 * CloudFormation: the tenant's topic and everything subscribed to it, in
 * one stack, so CloudFormation creates the topic before its subscriptions:
 * the SNS notifier Lambda (imported from the notifier's stack), which
 * delivers to the chat targets (Slack, Teams), the portal's HTTPS receiver,
 * and the email and SMS targets.
 */
function snsFiles(tenant: Tenant, settings: RenderSettings): RenderedFile[] {
  const topic = tenantTopic(tenant, settings);
  // notifier.yaml exports the function's ARN and lets every tenant topic
  // invoke it (one permission for all, not one per tenant).
  const notifierArn = {
    'Fn::ImportValue': notifierArnExport(settings.cluster),
  };
  const receiverUrl = snsReceiverUrl(settings.gatewayBaseUrl);
  const subscription = (protocol: string, endpoint: unknown) => ({
    Type: 'AWS::SNS::Subscription',
    Properties: {
      TopicArn: { Ref: 'AlertsTopic' },
      Protocol: protocol,
      Endpoint: endpoint,
    },
  });
  const resources: Record<string, unknown> = {
    AlertsTopic: {
      Type: 'AWS::SNS::Topic',
      Properties: {
        TopicName: topic.name,
        Tags: [{ Key: NAMESPACE_TENANT_LABEL, Value: tenant.id }],
      },
    },
    NotifierSubscription: subscription('lambda', notifierArn),
    // SNS sends https to an https URL; an http backend (development) gets http.
    // A portal SNS cannot reach reads a queue; SNS's envelope stays signed
    // (raw delivery off, the default), which the portal checks.
    PortalSubscription: settings.portalQueueArn
      ? subscription('sqs', settings.portalQueueArn)
      : subscription(
          new URL(receiverUrl).protocol.replace(':', ''),
          receiverUrl,
        ),
  };
  tenant.notificationTargets
    .filter(target => target.type === 'email' || target.type === 'sms')
    .forEach((target, index) => {
      resources[`Subscription${index}`] = subscription(
        target.type,
        target.address,
      );
    });
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Alert topic of monitoring-stack tenant ${tenant.id}`,
    Resources: resources,
    Outputs: { TopicArn: { Value: { Ref: 'AlertsTopic' } } },
  };
  return [
    {
      path: 'aws/sns-topic.cfn.yaml',
      content: toYaml(template),
      format: 'cloudformation',
    },
  ];
}

/**
 * The lifecycle rules of the shared buckets (lifecycleRules.ts), as the
 * `BucketName` and `LifecycleConfiguration` properties of their
 * `AWS::S3::Bucket` resources: S3 keeps one lifecycle configuration per
 * bucket, so the rules are merged into the buckets' stack (stack/aws.ts).
 */
function s3Files(tenant: Tenant, settings: RenderSettings): RenderedFile[] {
  const buckets = {
    LogsBucket: {
      BucketName: settings.logsBucket,
      LifecycleConfiguration: { Rules: [tenantLogsLifecycleRule(tenant)] },
    },
    MetricsBucket: {
      BucketName: settings.metricsBucket,
      LifecycleConfiguration: {
        Rules: [metricsLifecycleRule(settings.metricsGlacierAfterDays)],
      },
    },
  };
  return [
    {
      path: 'aws/s3-lifecycle-rule.cfn.yaml',
      content: toYaml(buckets),
      format: 's3-bucket-properties',
    },
  ];
}

/**
 * The tenant's namespaces, labelled `monitoring-stack.io/tenant=<id>` and
 * annotated with its owner, title, topic and retention: once the GitOps pull
 * request is merged and applied, the catalog module reads the tenant from
 * them, so its monitoring stack appears in the catalog with no other
 * registration, and the shared stack's render keeps its data as long as it
 * asked.
 */
function namespaceFiles(
  tenant: Tenant,
  settings: RenderSettings,
): RenderedFile[] {
  const label = tenantLabel(tenant);
  if (Object.keys(label).length === 0) return [];
  return tenantNamespaceNames(tenant).map(name =>
    kube(`namespaces/${name}.yaml`, {
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
          [NAMESPACE_ANNOTATIONS.retention]: formatRetention(tenant.retention),
        },
      },
    } satisfies INamespace),
  );
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
    ...prometheusFiles(tenant, settings),
    ...thanosFiles(tenant, settings),
    ...alertmanagerFiles(tenant, settings),
    ...snsFiles(tenant, settings),
    ...s3Files(tenant, settings),
  ];
}
