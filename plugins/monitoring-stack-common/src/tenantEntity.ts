import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_GRAFANA_URL,
  ANNOTATION_NAMESPACES,
  ANNOTATION_SERIES_LABEL,
  ANNOTATION_SNS_TOPIC_ARNS,
  ANNOTATION_TENANT_ID,
  ANNOTATION_TENANT_TITLE,
} from './annotations';
import { SeriesLabel } from './tenant';
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
  seriesLabel: SeriesLabel;
  grafanaUrl?: string;
  snsTopicArns: string[];
};

const split = (value: string | undefined) =>
  value
    ? value
        .split(',')
        .map(s => s.trim())
        .filter(Boolean)
    : [];

/**
 * Reads the tenant of an entity created by the catalog module; undefined when
 * the entity carries no valid tenant annotations (the admin stack's `*` too).
 * @public
 */
export function tenantRefFromEntity(entity: Entity): TenantRef | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const id = annotations[ANNOTATION_TENANT_ID];
  if (!id || !isValidTenantId(id)) {
    return undefined;
  }
  const seriesLabel = annotations[ANNOTATION_SERIES_LABEL];
  const namespaces = [
    ...new Set(
      split(annotations[ANNOTATION_NAMESPACES]).map(n =>
        n.slice(n.indexOf('/') + 1),
      ),
    ),
  ].sort();
  return {
    id,
    title: annotations[ANNOTATION_TENANT_TITLE] ?? entity.metadata.title ?? id,
    entityRef: stringifyEntityRef(entity),
    owner: String(
      (entity.spec as { owner?: unknown } | undefined)?.owner ?? '',
    ),
    namespaces,
    seriesLabel: seriesLabel === 'tenant_id' ? 'tenant_id' : 'namespace',
    grafanaUrl: annotations[ANNOTATION_GRAFANA_URL],
    snsTopicArns: split(annotations[ANNOTATION_SNS_TOPIC_ARNS]),
  };
}
