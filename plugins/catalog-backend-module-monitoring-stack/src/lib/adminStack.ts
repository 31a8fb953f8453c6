import { Config } from '@backstage/config';
import { parseEntityRef } from '@backstage/catalog-model';

/**
 * The shared, cluster-wide part of the stack that the admin System describes.
 * Names default to what the seed stack's Terraform creates for a cluster.
 */
export type AdminStack = {
  owner: string;
  cluster: string;
  region: string;
  accountId: string;
  metricsBucket: string;
  logsBucket: string;
  cloudTrailBucket: string;
  trailName: string;
  alertsTopicArn: string;
  cloudTrailTopicArn: string;
  notifierFunctionName: string;
  /** Base URLs of the shared services, shown as links when set. */
  urls: Partial<Record<AdminUrlKey, string>>;
};

export type AdminUrlKey =
  | 'prometheus'
  | 'alertmanager'
  | 'thanosQuery'
  | 'loki'
  | 'kiali'
  | 'jaeger';

const URL_KEYS: AdminUrlKey[] = [
  'prometheus',
  'alertmanager',
  'thanosQuery',
  'loki',
  'kiali',
  'jaeger',
];

/** Reads `monitoringStack.admin` and `monitoringStack.upstreams`. */
export function readAdminStack(config: Config): AdminStack {
  const admin = config.getOptionalConfig('monitoringStack.admin');
  const upstreams = config.getOptionalConfig('monitoringStack.upstreams');
  const cluster = admin?.getOptionalString('cluster') ?? 'eks-shared';
  const region = admin?.getOptionalString('region') ?? 'eu-west-1';
  const accountId = admin?.getOptionalString('accountId') ?? '000000000000';
  if (!/^\d{12}$/.test(accountId)) {
    throw new Error(
      `monitoringStack.admin.accountId: must be a 12-digit AWS account id, got '${accountId}'`,
    );
  }
  const group =
    config.getOptionalString('monitoringStack.adminGroup') ??
    'group:default/platform-admins';
  const ref = parseEntityRef(group, {
    defaultKind: 'group',
    defaultNamespace: 'default',
  });
  const topicArn = (name: string) =>
    `arn:aws:sns:${region}:${accountId}:${name}`;
  const urls: AdminStack['urls'] = {};
  for (const key of URL_KEYS) {
    const url = upstreams?.getOptionalString(`${key}.url`);
    if (url) urls[key] = url;
  }
  return {
    owner: `group:${ref.namespace}/${ref.name}`,
    cluster,
    region,
    accountId,
    metricsBucket:
      admin?.getOptionalString('metricsBucket') ?? `${cluster}-thanos-metrics`,
    logsBucket:
      admin?.getOptionalString('logsBucket') ?? `${cluster}-loki-logs`,
    cloudTrailBucket:
      admin?.getOptionalString('cloudTrailBucket') ?? `${cluster}-cloudtrail`,
    trailName: admin?.getOptionalString('trailName') ?? `${cluster}-eks-audit`,
    alertsTopicArn:
      admin?.getOptionalString('alertsTopicArn') ??
      topicArn(`${cluster}-monitoring-alerts`),
    cloudTrailTopicArn:
      admin?.getOptionalString('cloudTrailTopicArn') ??
      topicArn(`${cluster}-cloudtrail-events`),
    notifierFunctionName:
      admin?.getOptionalString('notifierFunctionName') ??
      `${cluster}-sns-notifier`,
    urls,
  };
}
