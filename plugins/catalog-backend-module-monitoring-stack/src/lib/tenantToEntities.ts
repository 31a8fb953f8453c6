import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  ADMIN_SYSTEM_NAME,
  ADMIN_TENANT_ID,
  ANNOTATION_GRAFANA_URL,
  ANNOTATION_NAMESPACES,
  ANNOTATION_SERIES_LABEL,
  ANNOTATION_SNS_TOPIC_ARNS,
  ANNOTATION_STACK_COMPONENT,
  ANNOTATION_TENANT_ID,
  ANNOTATION_TENANT_SOURCE,
  ANNOTATION_TENANT_TITLE,
  MONITORING_STACK_PROVIDER_LOCATION,
  NAMESPACE_TENANT_LABEL,
  Tenant,
  THIRD_PARTY_ANNOTATIONS as EXT,
  tenantNamespaceList,
  tenantNamespaceNames,
  tenantSlug,
  tenantSystemName,
  toEntityName,
} from '@internal/plugin-monitoring-stack-common';
import { AdminStack } from './adminStack';

/** Names of the shared stack's entities, which tenant entities depend on. */
export const ADMIN_ENTITY = {
  prometheus: 'monitoring-stack-prometheus',
  alertmanager: 'monitoring-stack-alertmanager',
  thanosReceive: 'monitoring-stack-thanos-receive',
  thanosQuery: 'monitoring-stack-thanos-query',
  thanosStore: 'monitoring-stack-thanos-store',
  thanosCompactor: 'monitoring-stack-thanos-compactor',
  loki: 'monitoring-stack-loki',
  fluentBit: 'monitoring-stack-fluent-bit',
  kiali: 'monitoring-stack-kiali',
  jaeger: 'monitoring-stack-jaeger',
  cloudTrail: 'monitoring-stack-cloudtrail',
  metricsBucket: 'monitoring-stack-s3-metrics',
  logsBucket: 'monitoring-stack-s3-logs',
  cloudTrailBucket: 'monitoring-stack-s3-cloudtrail',
  alertsTopic: 'monitoring-stack-sns-alerts',
  cloudTrailTopic: 'monitoring-stack-sns-cloudtrail',
  notifier: 'monitoring-stack-notifier',
} as const;

const component = (name: string) => `component:default/${name}`;
const resource = (name: string) => `resource:default/${name}`;

function baseAnnotations(source: string): Record<string, string> {
  return {
    [ANNOTATION_LOCATION]: MONITORING_STACK_PROVIDER_LOCATION,
    [ANNOTATION_ORIGIN_LOCATION]: MONITORING_STACK_PROVIDER_LOCATION,
    [ANNOTATION_TENANT_SOURCE]: source,
  };
}

function topicName(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

/** The tenant's SNS topic Resource names, one per ARN. */
export function snsTopicEntityName(tenantId: string, arn: string): string {
  return toEntityName(`${tenantSlug(tenantId)}-sns-${topicName(arn)}`);
}

/**
 * The entities of one tenant's monitoring stack: its System and the Resources
 * for its Grafana, Loki tenant, Thanos tenant, alert routing and SNS topics.
 * `source` says where the tenant was read (`config`, `kubernetes:<cluster>`).
 */
export function tenantToEntities(tenant: Tenant, source: string): Entity[] {
  const slug = tenantSlug(tenant.id);
  const system = tenantSystemName(tenant.id);
  const namespaces = tenantNamespaceNames(tenant);
  const selectorValue =
    tenant.seriesLabel === 'namespace' ? namespaces.join('|') : tenant.id;
  const shared: Record<string, string> = {
    ...baseAnnotations(source),
    [ANNOTATION_TENANT_ID]: tenant.id,
    [ANNOTATION_TENANT_TITLE]: tenant.title,
    [ANNOTATION_SERIES_LABEL]: tenant.seriesLabel,
    [ANNOTATION_NAMESPACES]: tenantNamespaceList(tenant).join(','),
    [EXT.kubernetesLabelSelector]: `${NAMESPACE_TENANT_LABEL}=${slug}`,
    [EXT.grafanaDashboardSelector]: `tags @> 'tenant:${slug}'`,
    [EXT.grafanaAlertLabelSelector]: `tenant=${slug}`,
    [EXT.prometheusAlert]: 'all',
    [EXT.prometheusLabels]: `${tenant.seriesLabel}=~"${selectorValue}"`,
  };
  if (namespaces.length > 0) {
    // These plugins take a single namespace: the tenant's first one.
    shared[EXT.kubernetesNamespace] = namespaces[0];
    shared[EXT.kialiNamespace] = namespaces.join(',');
    shared[EXT.jaegerService] = namespaces[0];
  }
  if (tenant.snsTopicArns.length > 0) {
    shared[ANNOTATION_SNS_TOPIC_ARNS] = tenant.snsTopicArns.join(',');
  }
  if (tenant.grafanaUrl) {
    shared[ANNOTATION_GRAFANA_URL] = tenant.grafanaUrl;
  }
  const tags = ['monitoring', 'tenant'];
  const title = tenant.title;

  const res = (
    name: string,
    type: string,
    kind: string,
    extra: {
      title: string;
      description: string;
      dependsOn: string[];
      annotations?: Record<string, string>;
      links?: { url: string; title: string }[];
    },
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: extra.title,
      description: extra.description,
      annotations: {
        ...shared,
        [ANNOTATION_STACK_COMPONENT]: kind,
        ...extra.annotations,
      },
      tags,
      ...(extra.links?.length ? { links: extra.links } : {}),
    },
    spec: {
      type,
      owner: tenant.owner,
      system,
      dependsOn: extra.dependsOn,
    },
  });

  const lokiTenant = `${slug}-loki-tenant`;
  const thanosTenant = `${slug}-thanos-tenant`;
  const alertRouting = `${slug}-alert-routing`;
  const topics = tenant.snsTopicArns.map(arn => ({
    arn,
    name: snsTopicEntityName(tenant.id, arn),
  }));

  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: system,
        title: `${title} monitoring`,
        description: `Monitoring stack of tenant ${tenant.id}: Grafana, Loki and Thanos tenants, alert routing and SNS topics.`,
        annotations: {
          ...shared,
          [ANNOTATION_STACK_COMPONENT]: 'tenant-stack',
        },
        tags,
        ...(tenant.grafanaUrl
          ? { links: [{ url: tenant.grafanaUrl, title: 'Grafana' }] }
          : {}),
      },
      spec: { owner: tenant.owner },
    },
    res(`${slug}-grafana`, 'grafana', 'grafana', {
      title: `${title} Grafana`,
      description: `Grafana of tenant ${tenant.id}; its data sources go through the tenant-enforcing gateway.`,
      dependsOn: [resource(thanosTenant), resource(lokiTenant)],
      annotations: { [EXT.grafanaHostId]: slug },
      links: tenant.grafanaUrl
        ? [{ url: tenant.grafanaUrl, title: 'Open Grafana' }]
        : [],
    }),
    res(lokiTenant, 'loki-tenant', 'loki-tenant', {
      title: `${title} Loki tenant`,
      description: `Logs of tenant ${tenant.id} (X-Scope-OrgID ${tenant.id}); kept ${tenant.retention.logsDays} days in Loki, then the S3 lifecycle.`,
      dependsOn: [component(ADMIN_ENTITY.loki)],
    }),
    res(thanosTenant, 'thanos-tenant', 'thanos-tenant', {
      title: `${title} Thanos tenant`,
      description: `Metrics of tenant ${tenant.id}: raw ${tenant.retention.rawDays} days, then 5m downsampling, Glacier after ${tenant.retention.glacierAfterDays} days, deleted after ${tenant.retention.expireAfterDays}.`,
      dependsOn: [component(ADMIN_ENTITY.thanosQuery)],
    }),
    res(alertRouting, 'alert-routing', 'alert-routing', {
      title: `${title} alert routing`,
      description: `Alertmanager route of tenant ${tenant.id} to its SNS topics.`,
      dependsOn: [
        component(ADMIN_ENTITY.alertmanager),
        ...topics.map(t => resource(t.name)),
      ],
    }),
    ...topics.map(t =>
      res(t.name, 'sns-topic', 'sns-topic', {
        title: `${title} SNS ${topicName(t.arn)}`,
        description: `SNS topic ${t.arn}.`,
        dependsOn: [resource(ADMIN_ENTITY.notifier)],
        annotations: { [ANNOTATION_SNS_TOPIC_ARNS]: t.arn },
      }),
    ),
  ];
}

/**
 * The admin System and the shared components of the stack, joined by
 * `dependsOn` so the catalog graph draws the data flow: Fluent Bit → Loki →
 * S3; Prometheus → Thanos → S3; CloudTrail → S3 and SNS → Lambda.
 */
export function adminStackEntities(admin: AdminStack): Entity[] {
  const annotations = {
    ...baseAnnotations('config'),
    [ANNOTATION_TENANT_ID]: ADMIN_TENANT_ID,
  };
  const system = ADMIN_SYSTEM_NAME;
  const owner = admin.owner;
  const link = (key: keyof AdminStack['urls'], title: string) =>
    admin.urls[key] ? [{ url: admin.urls[key]!, title }] : [];

  const service = (
    name: string,
    stackComponent: string,
    title: string,
    description: string,
    dependsOn: string[],
    links: { url: string; title: string }[] = [],
    extra: Record<string, string> = {},
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      title,
      description,
      annotations: {
        ...annotations,
        [ANNOTATION_STACK_COMPONENT]: stackComponent,
        ...extra,
      },
      tags: ['monitoring'],
      ...(links.length ? { links } : {}),
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner,
      system,
      dependsOn,
    },
  });

  const aws = (
    name: string,
    type: string,
    title: string,
    description: string,
    dependsOn: string[],
    arn: string,
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title,
      description,
      annotations: {
        ...annotations,
        [ANNOTATION_STACK_COMPONENT]: type,
        'monitoring-stack.io/aws-arn': arn,
      },
      tags: ['monitoring', 'aws'],
    },
    spec: { type, owner, system, dependsOn },
  });

  const s3 = (bucket: string) => `arn:aws:s3:::${bucket}`;
  const E = ADMIN_ENTITY;
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: system,
        title: 'Monitoring stack (admin)',
        description: `The shared monitoring and alerting stack of cluster ${admin.cluster}, with the admin view of every tenant.`,
        annotations: {
          ...annotations,
          [ANNOTATION_STACK_COMPONENT]: 'admin-stack',
          [EXT.prometheusAlert]: 'all',
        },
        tags: ['monitoring', 'admin'],
      },
      spec: { owner },
    },
    service(
      E.prometheus,
      'prometheus',
      'Prometheus',
      'Scrapes the exporters every minute and sends alerts to Alertmanager; remote-writes to Thanos Receive.',
      [component(E.thanosReceive), component(E.alertmanager)],
      link('prometheus', 'Prometheus'),
      { [EXT.prometheusAlert]: 'all' },
    ),
    service(
      E.alertmanager,
      'alertmanager',
      'Alertmanager',
      'Routes Prometheus and Loki alerts per tenant to SNS topics.',
      [resource(E.alertsTopic)],
      link('alertmanager', 'Alertmanager'),
    ),
    service(
      E.thanosReceive,
      'thanos-receive',
      'Thanos Receive',
      'Stores metrics per tenant (THANOS-TENANT header, tenant_id label) and uploads blocks to S3.',
      [resource(E.metricsBucket)],
    ),
    service(
      E.thanosQuery,
      'thanos-query',
      'Thanos Query',
      'Queries every tenant; tenants reach it only through the prometheus-proxy of the gateway.',
      [component(E.thanosReceive), component(E.thanosStore)],
      link('thanosQuery', 'Thanos Query'),
    ),
    service(
      E.thanosStore,
      'thanos-store',
      'Thanos Store',
      'Serves the blocks kept in S3.',
      [resource(E.metricsBucket)],
    ),
    service(
      E.thanosCompactor,
      'thanos-compactor',
      'Thanos Compactor',
      'Compacts blocks; raw data is downsampled to 5 minutes after 30 days, and the bucket moves objects to Glacier after 60 days.',
      [resource(E.metricsBucket)],
      [],
      {
        'monitoring-stack.io/downsampling': 'raw=30d,5m',
        'monitoring-stack.io/s3-lifecycle': 'glacier-after=60d',
      },
    ),
    service(
      E.loki,
      'loki',
      'Loki',
      'Multi-tenant log store (X-Scope-OrgID); the loki-proxy pins each tenant to its own logs. Its ruler sends log alerts to Alertmanager.',
      [resource(E.logsBucket), component(E.alertmanager)],
      link('loki', 'Loki'),
    ),
    service(
      E.fluentBit,
      'fluent-bit',
      'Fluent Bit',
      'Runs on every node and ships pod logs to Loki, with the tenant taken from the namespace.',
      [component(E.loki)],
    ),
    service(
      E.kiali,
      'kiali',
      'Kiali',
      'Istio mesh traffic graph.',
      [component(E.prometheus)],
      link('kiali', 'Kiali'),
    ),
    service(
      E.jaeger,
      'jaeger',
      'Jaeger',
      'Istio mesh traces.',
      [],
      link('jaeger', 'Jaeger'),
    ),
    aws(
      E.cloudTrail,
      'cloudtrail-trail',
      'CloudTrail trail',
      `Records EKS API calls of ${admin.cluster} and watches the monitoring stack from outside the cluster.`,
      [resource(E.cloudTrailBucket), resource(E.cloudTrailTopic)],
      `arn:aws:cloudtrail:${admin.region}:${admin.accountId}:trail/${admin.trailName}`,
    ),
    aws(
      E.metricsBucket,
      's3-bucket',
      'Thanos metrics bucket',
      'Thanos blocks: raw 30 days, 5m downsampled after, Glacier after 60 days.',
      [],
      s3(admin.metricsBucket),
    ),
    aws(
      E.logsBucket,
      's3-bucket',
      'Loki logs bucket',
      'Loki chunks, with the same lifecycle as the metrics.',
      [],
      s3(admin.logsBucket),
    ),
    aws(
      E.cloudTrailBucket,
      's3-bucket',
      'CloudTrail bucket',
      'CloudTrail log files.',
      [],
      s3(admin.cloudTrailBucket),
    ),
    aws(
      E.alertsTopic,
      'sns-topic',
      'Alerts SNS topic',
      'Prometheus and Loki alerts of the shared stack.',
      [resource(E.notifier)],
      admin.alertsTopicArn,
    ),
    aws(
      E.cloudTrailTopic,
      'sns-topic',
      'CloudTrail SNS topic',
      'CloudTrail events that need attention.',
      [resource(E.notifier)],
      admin.cloudTrailTopicArn,
    ),
    aws(
      E.notifier,
      'lambda-function',
      'SNS notifier (Lambda)',
      'Delivers SNS messages to email, chat and phone.',
      [],
      `arn:aws:lambda:${admin.region}:${admin.accountId}:function:${admin.notifierFunctionName}`,
    ),
  ];
}
