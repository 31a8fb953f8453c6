import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_GRAFANA_URL,
  ANNOTATION_NAMESPACES,
  ANNOTATION_RETENTION,
  ANNOTATION_SERIES_LABEL,
  ANNOTATION_SNS_TOPIC_ARNS,
  ANNOTATION_STACK_COMPONENT,
  ANNOTATION_TENANT_ID,
  ANNOTATION_TENANT_TITLE,
  formatRetention,
  matcherText,
  parseTopicArn,
  Tenant,
  tenantLabelSelector,
  TenantMatcher,
  tenantMatcher,
  tenantNamespaceList,
  tenantNamespaceNames,
  tenantSlug,
  tenantSystemName,
  THIRD_PARTY_ANNOTATIONS as EXT,
  toEntityName,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { ADMIN_ENTITY } from './adminStackEntities';
import {
  componentRef,
  EntityLink,
  providerAnnotations,
  resourceRef,
  stackPart,
  stackSystem,
  text,
} from './entityParts';

const TAGS = ['monitoring', 'tenant'];

/** The shared stack's entities that a tenant's parts depend on, named once. */
const SHARED = {
  loki: componentRef(ADMIN_ENTITY.loki),
  thanosQuery: componentRef(ADMIN_ENTITY.thanosQuery),
  alertmanager: componentRef(ADMIN_ENTITY.alertmanager),
  notifier: resourceRef(ADMIN_ENTITY.notifier),
};

function topicName(arn: string): string {
  return parseTopicArn(arn)?.name ?? arn.slice(arn.lastIndexOf(':') + 1);
}

/** The tenant's SNS topic Resource names, one per ARN. */
export function snsTopicEntityName(tenantId: string, arn: string): string {
  return toEntityName(text`${tenantSlug(tenantId)}-sns-${topicName(arn)}`);
}

/**
 * `prometheus.io/labels` as Roadie's Prometheus plugin
 * (`@roadiehq/backstage-plugin-prometheus`) reads it: comma-separated
 * `label=value` pairs, each split at its first `=`, unquoted, every pair
 * compared for equality with the alert's label (AND). That is the gateway's
 * matcher when it has one value (`namespace=team-b`, `tenant_id=ops(1)`);
 * several namespaces need an OR the plugin cannot express, so such a
 * tenant gets none. Tenant ids and namespace names hold no `,`.
 */
function roadiePrometheusLabels(matcher: TenantMatcher): string | undefined {
  if (matcher.values.length !== 1) return undefined;
  const [value] = matcher.values;
  return value === '' || value.includes(',')
    ? undefined
    : `${matcher.label}=${value}`;
}

/**
 * `prometheus.io/rule` for the same plugin's graph: the tenant's scrape
 * targets that are up, by series label. The plugin splits the annotation at
 * `,` and `|` (query, legend label): where the tenant's selector holds
 * neither, the query carries it; otherwise (several namespaces) it selects
 * nothing itself and the gateway, which the plugin's proxy reaches as the
 * tenant of `prometheus.io/service-name`, adds the tenant's matcher.
 */
function roadiePrometheusRule(matcher: TenantMatcher): string {
  const scoped = `sum by (${matcher.label}) (up{${matcherText(matcher)}})`;
  const query = /[,|]/.test(scoped) ? `sum by (${matcher.label}) (up)` : scoped;
  return `${query}|${matcher.label}`;
}

/**
 * The annotations every entity of the tenant carries: ours, which the other
 * monitoring-stack plugins read back, and other plugins' ones, written with
 * the scoping module so that the Prometheus and Kubernetes cards select
 * exactly what the gateway lets the tenant see.
 *
 * The community Grafana plugin reads `grafana/dashboard-selector`,
 * `grafana/alert-label-selector` and `grafana/host-id` from the entity its
 * cards are on, so the three go together on every entity (the tenant's
 * System included): the cards then ask the tenant's own Grafana, the host
 * id being the tenant's id (`TenantGrafanaApi` of the frontend plugin reads
 * it back).
 */
function tenantAnnotations(
  tenant: Tenant,
  origin: string,
): Record<string, string> {
  const slug = tenantSlug(tenant.id);
  const namespaces = tenantNamespaceNames(tenant);
  const labelSelector = tenantLabelSelector(tenant.id);
  const matcher = tenantMatcher({
    id: tenant.id,
    seriesLabel: tenant.seriesLabel,
    namespaces,
  });
  const prometheusLabels = roadiePrometheusLabels(matcher);
  return {
    ...providerAnnotations(origin),
    [ANNOTATION_TENANT_ID]: tenant.id,
    [ANNOTATION_TENANT_TITLE]: tenant.title,
    [ANNOTATION_SERIES_LABEL]: tenant.seriesLabel,
    [ANNOTATION_NAMESPACES]: tenantNamespaceList(tenant).join(','),
    // What the shared stack's render keeps the tenant's data for.
    [ANNOTATION_RETENTION]: formatRetention(tenant.retention),
    // Only tenants whose id is a label value have labelled objects.
    ...(labelSelector ? { [EXT.kubernetesLabelSelector]: labelSelector } : {}),
    [EXT.grafanaDashboardSelector]: `tags @> 'tenant:${slug}'`,
    [EXT.grafanaAlertLabelSelector]: `tenant=${slug}`,
    [EXT.grafanaHostId]: tenant.id,
    // The plugin sends the service name with each request through the
    // app's one proxy endpoint; the gateway answers as that tenant, so its
    // graph and alert card show the tenant's data only (docs/using.md).
    [EXT.prometheusServiceName]: tenant.id,
    [EXT.prometheusAlert]: 'all',
    [EXT.prometheusRule]: roadiePrometheusRule(matcher),
    // The labels only narrow what the gateway already scoped.
    ...(prometheusLabels ? { [EXT.prometheusLabels]: prometheusLabels } : {}),
    // No `jaegertracing.io/service`: the Jaeger plugin reads a traced
    // service's name, and these entities are no service (the stack card
    // links Jaeger's search by namespace instead).
    ...(namespaces.length > 0
      ? {
          // This plugin takes a single namespace: the tenant's first one.
          [EXT.kubernetesNamespace]: namespaces[0],
          [EXT.kialiNamespace]: namespaces.join(','),
        }
      : {}),
    ...(tenant.snsTopicArns.length > 0
      ? { [ANNOTATION_SNS_TOPIC_ARNS]: tenant.snsTopicArns.join(',') }
      : {}),
    ...(tenant.grafanaUrl
      ? { [ANNOTATION_GRAFANA_URL]: tenant.grafanaUrl }
      : {}),
  };
}

/** Retention in words, from the tenant's own figures. */
function describeRetention(tenant: Tenant) {
  const r = tenant.retention;
  return {
    logs: `kept ${r.logsDays} days in Loki, then the S3 lifecycle`,
    metrics: `raw ${r.rawDays} days, then 5m downsampling, Glacier after ${r.glacierAfterDays} days, deleted after ${r.expireAfterDays}`,
  };
}

/** The options of one Resource of a tenant's stack. */
type TenantPartOptions = {
  name: string;
  type: string;
  title: string;
  description: string;
  dependsOn: string[];
  extraAnnotations?: Record<string, string>;
  links?: EntityLink[];
};

/** What every entity of a tenant's stack shares, worked out once. */
type TenantStack = {
  tenant: Tenant;
  /** The name of the tenant's System. */
  system: string;
  annotations: Record<string, string>;
};

/** One Resource of the tenant's stack. */
function tenantPart(
  { tenant, system, annotations }: TenantStack,
  options: TenantPartOptions,
): Entity {
  return stackPart({
    kind: 'Resource',
    name: options.name,
    stackComponent: options.type,
    title: text`${tenant.title} ${options.title}`,
    description: options.description,
    annotations,
    extraAnnotations: options.extraAnnotations,
    tags: TAGS,
    links: options.links,
    spec: {
      type: options.type,
      owner: tenant.owner,
      system,
      dependsOn: options.dependsOn,
    },
  });
}

/** A link to the tenant's Grafana, when it has one. */
function grafanaLinks(tenant: Tenant, title: string): EntityLink[] {
  return tenant.grafanaUrl ? [{ url: tenant.grafanaUrl, title }] : [];
}

/**
 * The entities of one tenant's monitoring stack: its System and the Resources
 * for its Grafana, Loki tenant, Thanos tenant, alert routing and SNS topics.
 * `origin` says where the tenant was read (`config`, `kubernetes:<cluster>`).
 * @public
 */
export function tenantToEntities(tenant: Tenant, origin: string): Entity[] {
  const slug = tenantSlug(tenant.id);
  const stack: TenantStack = {
    tenant,
    system: tenantSystemName(tenant.id),
    annotations: tenantAnnotations(tenant, origin),
  };
  const retention = describeRetention(tenant);

  const lokiTenant = text`${slug}-loki-tenant`;
  const thanosTenant = text`${slug}-thanos-tenant`;
  const topics = tenant.snsTopicArns.map(arn => ({
    arn,
    name: snsTopicEntityName(tenant.id, arn),
  }));

  return [
    stackSystem({
      name: stack.system,
      title: text`${tenant.title} monitoring`,
      description: text`Monitoring stack of tenant ${tenant.id}: Grafana, Loki and Thanos tenants, alert routing and SNS topics.`,
      annotations: {
        ...stack.annotations,
        [ANNOTATION_STACK_COMPONENT]: 'tenant-stack',
      },
      tags: TAGS,
      owner: tenant.owner,
      links: grafanaLinks(tenant, 'Grafana'),
    }),
    tenantPart(stack, {
      name: text`${slug}-grafana`,
      type: 'grafana',
      title: 'Grafana',
      description: text`Grafana of tenant ${tenant.id}; its data sources go through the tenant-enforcing gateway.`,
      dependsOn: [resourceRef(thanosTenant), resourceRef(lokiTenant)],
      links: grafanaLinks(tenant, 'Open Grafana'),
    }),
    tenantPart(stack, {
      name: lokiTenant,
      type: 'loki-tenant',
      title: 'Loki tenant',
      description: text`Logs of tenant ${tenant.id} (X-Scope-OrgID ${tenant.id}); ${retention.logs}.`,
      dependsOn: [SHARED.loki],
    }),
    tenantPart(stack, {
      name: thanosTenant,
      type: 'thanos-tenant',
      title: 'Thanos tenant',
      description: text`Metrics of tenant ${tenant.id}: ${retention.metrics}.`,
      dependsOn: [SHARED.thanosQuery],
    }),
    tenantPart(stack, {
      name: text`${slug}-alert-routing`,
      type: 'alert-routing',
      title: 'alert routing',
      description: text`Alertmanager route of tenant ${tenant.id} to its SNS topics.`,
      dependsOn: [SHARED.alertmanager, ...topics.map(t => resourceRef(t.name))],
    }),
    ...topics.map(t =>
      tenantPart(stack, {
        name: t.name,
        type: 'sns-topic',
        title: `SNS ${topicName(t.arn)}`,
        description: text`SNS topic ${t.arn}.`,
        dependsOn: [SHARED.notifier],
        extraAnnotations: { [ANNOTATION_SNS_TOPIC_ARNS]: t.arn },
      }),
    ),
  ];
}
