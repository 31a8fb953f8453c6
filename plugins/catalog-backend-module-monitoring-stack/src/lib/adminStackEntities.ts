import { Entity } from '@backstage/catalog-model';
import {
  ADMIN_SYSTEM_NAME,
  ADMIN_TENANT_ID,
  ANNOTATION_AWS_ARN,
  ANNOTATION_DOWNSAMPLING,
  ANNOTATION_S3_LIFECYCLE,
  ANNOTATION_STACK_COMPONENT,
  ANNOTATION_TENANT_ID,
  DEFAULT_RETENTION,
  MonitoringStackSettings,
  THIRD_PARTY_ANNOTATIONS as EXT,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  componentRef,
  EntityLink,
  providerAnnotations,
  resourceRef,
  stackPart,
  stackSystem,
} from './entityParts';

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

const E = ADMIN_ENTITY;

/**
 * The admin System and the shared components of the stack, joined by
 * `dependsOn` so the catalog graph draws the data flow: Fluent Bit → Loki →
 * S3; Prometheus → Thanos → S3; CloudTrail → S3 and SNS → Lambda.
 *
 * Everything comes from the shared settings. An AWS name that needs the
 * region and the account (the SNS topics' ARNs, the trail's and the
 * notifier's) is only written when both are configured: an SNS topic whose
 * ARN is unknown gets no entity, rather than one with an invented ARN that
 * the SNS receiver would refuse.
 * @public
 */
export function adminStackEntities(
  settings: MonitoringStackSettings,
): Entity[] {
  const { admin, adminGroup: owner, links, upstreams } = settings;
  // The shared stack keeps data with the seed stack's lifecycle.
  const retention = DEFAULT_RETENTION;
  const annotations = {
    ...providerAnnotations('config'),
    [ANNOTATION_TENANT_ID]: ADMIN_TENANT_ID,
  };
  const system = ADMIN_SYSTEM_NAME;
  const linkTo = (url: string | undefined, title: string): EntityLink[] =>
    url ? [{ url, title }] : [];
  const arnIn = (service: string, resource: string) =>
    admin.region && admin.accountId
      ? `arn:aws:${service}:${admin.region}:${admin.accountId}:${resource}`
      : undefined;
  const alertsTopic = admin.alertsTopicArn ? E.alertsTopic : undefined;
  const cloudTrailTopic = admin.cloudTrailTopicArn
    ? E.cloudTrailTopic
    : undefined;
  const known = (names: Array<string | undefined>) =>
    names.filter((n): n is string => n !== undefined);

  const service = (options: {
    name: string;
    stackComponent: string;
    title: string;
    description: string;
    dependsOn: string[];
    links?: EntityLink[];
    extraAnnotations?: Record<string, string>;
  }): Entity =>
    stackPart({
      ...options,
      kind: 'Component',
      annotations,
      tags: ['monitoring'],
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner,
        system,
        dependsOn: options.dependsOn,
      },
    });

  const aws = (options: {
    name: string;
    type: string;
    title: string;
    description: string;
    dependsOn: string[];
    arn: string | undefined;
  }): Entity =>
    stackPart({
      kind: 'Resource',
      name: options.name,
      stackComponent: options.type,
      title: options.title,
      description: options.description,
      annotations,
      extraAnnotations: options.arn
        ? { [ANNOTATION_AWS_ARN]: options.arn }
        : {},
      tags: ['monitoring', 'aws'],
      spec: {
        type: options.type,
        owner,
        system,
        dependsOn: options.dependsOn,
      },
    });

  const s3 = (bucket: string) => `arn:aws:s3:::${bucket}`;
  const topic = (options: {
    name: string | undefined;
    arn: string | undefined;
    title: string;
    description: string;
  }): Entity[] =>
    options.name && options.arn
      ? [
          aws({
            name: options.name,
            type: 'sns-topic',
            title: options.title,
            description: options.description,
            dependsOn: [resourceRef(E.notifier)],
            arn: options.arn,
          }),
        ]
      : [];

  return [
    stackSystem({
      name: system,
      title: 'Monitoring stack (admin)',
      description: `The shared monitoring and alerting stack of cluster ${admin.cluster}, with the admin view of every tenant.`,
      annotations: {
        ...annotations,
        [ANNOTATION_STACK_COMPONENT]: 'admin-stack',
        [EXT.prometheusAlert]: 'all',
      },
      tags: ['monitoring', 'admin'],
      owner,
    }),
    service({
      name: E.prometheus,
      stackComponent: 'prometheus',
      title: 'Prometheus',
      description:
        'Scrapes the exporters every minute and sends alerts to Alertmanager; remote-writes to Thanos Receive.',
      dependsOn: [componentRef(E.thanosReceive), componentRef(E.alertmanager)],
      links: linkTo(upstreams.prometheus?.url, 'Prometheus'),
      extraAnnotations: { [EXT.prometheusAlert]: 'all' },
    }),
    service({
      name: E.alertmanager,
      stackComponent: 'alertmanager',
      title: 'Alertmanager',
      description:
        'Routes Prometheus and Loki alerts per tenant to SNS topics.',
      dependsOn: known([alertsTopic]).map(resourceRef),
      links: linkTo(links.alertmanager, 'Alertmanager'),
    }),
    service({
      name: E.thanosReceive,
      stackComponent: 'thanos-receive',
      title: 'Thanos Receive',
      description:
        'Stores metrics per tenant (THANOS-TENANT header, tenant_id label) and uploads blocks to S3.',
      dependsOn: [resourceRef(E.metricsBucket)],
    }),
    service({
      name: E.thanosQuery,
      stackComponent: 'thanos-query',
      title: 'Thanos Query',
      description:
        'Queries every tenant; tenants reach it only through the prometheus-proxy of the gateway.',
      dependsOn: [componentRef(E.thanosReceive), componentRef(E.thanosStore)],
      links: linkTo(upstreams.thanosQuery?.url, 'Thanos Query'),
    }),
    service({
      name: E.thanosStore,
      stackComponent: 'thanos-store',
      title: 'Thanos Store',
      description: 'Serves the blocks kept in S3.',
      dependsOn: [resourceRef(E.metricsBucket)],
    }),
    service({
      name: E.thanosCompactor,
      stackComponent: 'thanos-compactor',
      title: 'Thanos Compactor',
      description: `Compacts blocks; raw data is downsampled to 5 minutes after ${retention.rawDays} days, and the bucket moves objects to Glacier after ${retention.glacierAfterDays} days.`,
      dependsOn: [resourceRef(E.metricsBucket)],
      extraAnnotations: {
        [ANNOTATION_DOWNSAMPLING]: `raw=${retention.rawDays}d,5m`,
        [ANNOTATION_S3_LIFECYCLE]: `glacier-after=${retention.glacierAfterDays}d`,
      },
    }),
    service({
      name: E.loki,
      stackComponent: 'loki',
      title: 'Loki',
      description:
        'Multi-tenant log store (X-Scope-OrgID); the loki-proxy pins each tenant to its own logs. Its ruler sends log alerts to Alertmanager.',
      dependsOn: [resourceRef(E.logsBucket), componentRef(E.alertmanager)],
      links: linkTo(upstreams.loki?.url, 'Loki'),
    }),
    service({
      name: E.fluentBit,
      stackComponent: 'fluent-bit',
      title: 'Fluent Bit',
      description:
        'Runs on every node and ships pod logs to Loki, with the tenant taken from the namespace.',
      dependsOn: [componentRef(E.loki)],
    }),
    service({
      name: E.kiali,
      stackComponent: 'kiali',
      title: 'Kiali',
      description: 'Istio mesh traffic graph.',
      dependsOn: [componentRef(E.prometheus)],
      links: linkTo(links.kiali, 'Kiali'),
    }),
    service({
      name: E.jaeger,
      stackComponent: 'jaeger',
      title: 'Jaeger',
      description: 'Istio mesh traces.',
      dependsOn: [],
      links: linkTo(links.jaeger, 'Jaeger'),
    }),
    aws({
      name: E.cloudTrail,
      type: 'cloudtrail-trail',
      title: 'CloudTrail trail',
      description: `Records EKS API calls of ${admin.cluster} and watches the monitoring stack from outside the cluster.`,
      dependsOn: known([E.cloudTrailBucket, cloudTrailTopic]).map(resourceRef),
      arn: arnIn('cloudtrail', `trail/${admin.trailName}`),
    }),
    aws({
      name: E.metricsBucket,
      type: 's3-bucket',
      title: 'Thanos metrics bucket',
      description: `Thanos blocks: raw ${retention.rawDays} days, 5m downsampled after, Glacier after ${retention.glacierAfterDays} days.`,
      dependsOn: [],
      arn: s3(admin.metricsBucket),
    }),
    aws({
      name: E.logsBucket,
      type: 's3-bucket',
      title: 'Loki logs bucket',
      description: 'Loki chunks, with the same lifecycle as the metrics.',
      dependsOn: [],
      arn: s3(admin.logsBucket),
    }),
    aws({
      name: E.cloudTrailBucket,
      type: 's3-bucket',
      title: 'CloudTrail bucket',
      description: 'CloudTrail log files.',
      dependsOn: [],
      arn: s3(admin.cloudTrailBucket),
    }),
    ...topic({
      name: alertsTopic,
      arn: admin.alertsTopicArn,
      title: 'Alerts SNS topic',
      description: 'Prometheus and Loki alerts of the shared stack.',
    }),
    ...topic({
      name: cloudTrailTopic,
      arn: admin.cloudTrailTopicArn,
      title: 'CloudTrail SNS topic',
      description: 'CloudTrail events that need attention.',
    }),
    aws({
      name: E.notifier,
      type: 'lambda-function',
      title: 'SNS notifier (Lambda)',
      description: 'Delivers SNS messages to email, chat and phone.',
      dependsOn: [],
      arn: arnIn('lambda', `function:${admin.notifierFunctionName}`),
    }),
  ];
}
