/**
 * Annotation keys written by the catalog module and read by the other
 * monitoring-stack plugins. Declared once here so that writers and readers
 * cannot drift apart.
 */

/** The tenant id (Loki/Thanos tenant) an entity belongs to; `*` on the admin stack. @public */
export const ANNOTATION_TENANT_ID = 'monitoring-stack.io/tenant-id';

/** The tenant's display title (entity titles name the stack, not the tenant). @public */
export const ANNOTATION_TENANT_TITLE = 'monitoring-stack.io/tenant-title';

/** Which part of the monitoring stack an entity represents (`tenant-stack`, `admin-stack`, or a part's type such as `grafana`). @public */
export const ANNOTATION_STACK_COMPONENT = 'monitoring-stack.io/component';

/** Comma-separated `cluster/namespace` pairs the tenant owns. @public */
export const ANNOTATION_NAMESPACES = 'monitoring-stack.io/namespaces';

/** The label that marks a tenant's series: `namespace` or `tenant_id`. @public */
export const ANNOTATION_SERIES_LABEL = 'monitoring-stack.io/series-label';

/** Comma-separated SNS topic ARNs that carry the tenant's notifications. @public */
export const ANNOTATION_SNS_TOPIC_ARNS = 'monitoring-stack.io/sns-topic-arns';

/** The tenant's Grafana base URL. @public */
export const ANNOTATION_GRAFANA_URL = 'monitoring-stack.io/grafana-url';

/** Where the tenant came from: `config` or `kubernetes:<cluster>`. @public */
export const ANNOTATION_TENANT_SOURCE = 'monitoring-stack.io/source';

/**
 * How long the tenant's data is kept, on its System entity and, with the same
 * key and value, on its Kubernetes namespaces: comma-separated `key=days`
 * pairs of whole days, `raw=30,glacier=60,expire=365,logs=30` (`raw` is
 * `rawDays`, `glacier` `glacierAfterDays`, `expire` `expireAfterDays`, `logs`
 * `logsDays` of `TenantRetention`). Written with {@link formatRetention}
 * (all four keys), read with {@link parseRetention}: a key left out takes
 * {@link DEFAULT_RETENTION}'s days, and the days are checked with the rules
 * of `monitoringStack.tenants[].retention`. An entity or namespace without
 * it has {@link DEFAULT_RETENTION}.
 * @public
 */
export const ANNOTATION_RETENTION = 'monitoring-stack.io/retention';

/** The ARN of an AWS resource of the admin stack (topic, trail, function). @public */
export const ANNOTATION_AWS_ARN = 'monitoring-stack.io/aws-arn';

/** How the metrics bucket's blocks are downsampled, e.g. `raw=30d,5m`. @public */
export const ANNOTATION_DOWNSAMPLING = 'monitoring-stack.io/downsampling';

/** The S3 lifecycle of a bucket, e.g. `glacier-after=60d`. @public */
export const ANNOTATION_S3_LIFECYCLE = 'monitoring-stack.io/s3-lifecycle';

/** Annotations of other Backstage plugins that our entities fill in. @public */
export const THIRD_PARTY_ANNOTATIONS = {
  kubernetesNamespace: 'backstage.io/kubernetes-namespace',
  kubernetesLabelSelector: 'backstage.io/kubernetes-label-selector',
  grafanaDashboardSelector: 'grafana/dashboard-selector',
  grafanaAlertLabelSelector: 'grafana/alert-label-selector',
  grafanaHostId: 'grafana/host-id',
  prometheusAlert: 'prometheus.io/alert',
  prometheusLabels: 'prometheus.io/labels',
  prometheusRule: 'prometheus.io/rule',
  prometheusServiceName: 'prometheus.io/service-name',
  kialiNamespace: 'kiali.io/namespace',
} as const;

/**
 * The Kubernetes namespace label that assigns a namespace to a tenant, and the
 * optional namespace annotations that describe the tenant further.
 * @public
 */
export const NAMESPACE_TENANT_LABEL = 'monitoring-stack.io/tenant';

/** @public */
export const NAMESPACE_ANNOTATIONS = {
  owner: 'monitoring-stack.io/owner',
  title: 'monitoring-stack.io/title',
  grafanaUrl: 'monitoring-stack.io/grafana-url',
  snsTopicArns: 'monitoring-stack.io/sns-topic-arns',
  seriesLabel: 'monitoring-stack.io/series-label',
  /** The tenant's retention, as {@link ANNOTATION_RETENTION} says. */
  retention: 'monitoring-stack.io/retention',
} as const;
