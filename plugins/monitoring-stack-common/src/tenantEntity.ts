import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_GRAFANA_URL,
  ANNOTATION_NAMESPACES,
  ANNOTATION_RETENTION,
  ANNOTATION_SERIES_LABEL,
  ANNOTATION_SNS_TOPIC_ARNS,
  ANNOTATION_TENANT_ID,
  ANNOTATION_TENANT_SOURCE,
  ANNOTATION_TENANT_TITLE,
} from './annotations';
import {
  DEFAULT_RETENTION,
  parseRetention,
  SeriesLabel,
  Tenant,
  TenantRetention,
  TenantValidationError,
} from './tenant';
import { isValidTenantId } from './tenantId';

/**
 * What the gateway and the cards need of a tenant, read back from the
 * annotations of its System entity (so tenants found on Kubernetes count too).
 * @public
 */
export type TenantRef = {
  id: string;
  title: string;
  /** Ref of the tenant's System entity, the resource of permission checks. */
  entityRef: string;
  owner: string;
  /** Namespace names over all clusters, sorted. */
  namespaces: string[];
  /** The same namespaces by cluster name (see {@link tenantNamespacesByCluster}). */
  namespacesByCluster: Record<string, string[]>;
  seriesLabel: SeriesLabel;
  grafanaUrl?: string;
  snsTopicArns: string[];
  /**
   * How long the tenant's data is kept, from the entity's
   * `monitoring-stack.io/retention` annotation; {@link DEFAULT_RETENTION}
   * when the entity has none.
   */
  retention: TenantRetention;
};

const split = (value: string | undefined) =>
  value
    ? value
        .split(',')
        .map(s => s.trim())
        .filter(Boolean)
    : [];

/**
 * The location the catalog module's entity provider names on every entity
 * it emits. The catalog overwrites both location annotations of entities
 * read from registered locations, and only accepts registered locations of
 * type `url`, so a user cannot give an entity this value.
 * @public
 */
export const MONITORING_STACK_PROVIDER_LOCATION =
  'monitoring-stack-provider:catalog';

// A tenant source's id, then what it read (`config`, `kubernetes:<cluster>`).
const SOURCE = /^[a-z][a-z0-9-]*(:.+)?$/;

/**
 * True when the catalog module's provider emitted `entity`: only such
 * entities declare tenants. Anyone may register a System carrying tenant
 * annotations; what the platform declared is what this provider emitted.
 * @public
 */
export function isProviderEntity(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return (
    annotations[ANNOTATION_LOCATION] === MONITORING_STACK_PROVIDER_LOCATION &&
    annotations[ANNOTATION_ORIGIN_LOCATION] ===
      MONITORING_STACK_PROVIDER_LOCATION &&
    SOURCE.test(annotations[ANNOTATION_TENANT_SOURCE] ?? '')
  );
}

/**
 * Reads the tenant of an entity created by the catalog module; undefined when
 * another source emitted it, or it carries no valid tenant annotations (the
 * admin stack's `*` too). A retention annotation that cannot be read
 * (another version's format) makes the entity no tenant either: its real
 * retention is unknown, and {@link DEFAULT_RETENTION} could be shorter.
 * Without the annotation the tenant has {@link DEFAULT_RETENTION}.
 * @public
 */
export function tenantRefFromEntity(entity: Entity): TenantRef | undefined {
  if (!isProviderEntity(entity)) {
    return undefined;
  }
  const annotations = entity.metadata.annotations ?? {};
  const id = annotations[ANNOTATION_TENANT_ID];
  if (!id || !isValidTenantId(id)) {
    return undefined;
  }
  const retention = readRetention(annotations[ANNOTATION_RETENTION]);
  if (!retention) {
    return undefined;
  }
  const seriesLabel = annotations[ANNOTATION_SERIES_LABEL];
  const byCluster = tenantNamespacesByCluster(entity);
  const namespaces = [...new Set([...byCluster.values()].flat())].sort();
  return {
    id,
    title: annotations[ANNOTATION_TENANT_TITLE] ?? entity.metadata.title ?? id,
    entityRef: stringifyEntityRef(entity),
    owner: String(
      (entity.spec as { owner?: unknown } | undefined)?.owner ?? '',
    ),
    namespaces,
    namespacesByCluster: Object.fromEntries(byCluster),
    seriesLabel: seriesLabel === 'tenant_id' ? 'tenant_id' : 'namespace',
    grafanaUrl: annotations[ANNOTATION_GRAFANA_URL],
    snsTopicArns: split(annotations[ANNOTATION_SNS_TOPIC_ARNS]),
    retention,
  };
}

/** The retention annotation's value; undefined when it cannot be read. */
function readRetention(value: string | undefined): TenantRetention | undefined {
  if (value === undefined) {
    return { ...DEFAULT_RETENTION };
  }
  try {
    return parseRetention(value);
  } catch (e) {
    if (e instanceof TenantValidationError) return undefined;
    throw e;
  }
}

/**
 * The {@link Tenant} of a tenant read back from the catalog, for what takes a
 * tenant (the renders). Its `notificationTargets` are empty: no annotation
 * carries them, so a TenantRef does not know them (what needs them, such as
 * a tenant's SNS subscriptions, must get them elsewhere).
 * @public
 */
export function tenantOfRef(ref: TenantRef): Tenant {
  return {
    id: ref.id,
    title: ref.title,
    owner: ref.owner,
    namespaces: Object.fromEntries(
      Object.entries(ref.namespacesByCluster).map(([cluster, names]) => [
        cluster,
        [...names],
      ]),
    ),
    seriesLabel: ref.seriesLabel,
    ...(ref.grafanaUrl ? { grafanaUrl: ref.grafanaUrl } : {}),
    snsTopicArns: [...ref.snsTopicArns],
    notificationTargets: [],
    retention: { ...ref.retention },
  };
}

/**
 * The namespaces of a tenant entity, by cluster name, as its
 * `monitoring-stack.io/namespaces` annotation (`cluster/namespace` pairs)
 * lists them. Read it only from an entity {@link isProviderEntity} accepts.
 * @public
 */
export function tenantNamespacesByCluster(
  entity: Entity,
): Map<string, string[]> {
  const byCluster = new Map<string, string[]>();
  for (const pair of split(
    entity.metadata.annotations?.[ANNOTATION_NAMESPACES],
  )) {
    const slash = pair.indexOf('/');
    const cluster = slash < 0 ? '' : pair.slice(0, slash);
    const namespace = pair.slice(slash + 1);
    const list = byCluster.get(cluster) ?? [];
    if (!list.includes(namespace)) list.push(namespace);
    byCluster.set(cluster, list);
  }
  return byCluster;
}
