import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_NAMESPACES,
  ANNOTATION_RETENTION,
  ANNOTATION_SERIES_LABEL,
  ANNOTATION_SNS_TOPIC_ARNS,
  ANNOTATION_TENANT_ID,
  ANNOTATION_TENANT_SOURCE,
  formatRetention,
  MONITORING_STACK_PROVIDER_LOCATION,
  TenantRetention,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/** @public */
export type ProviderTenantSystemOptions = {
  /** `cluster/namespace` pairs; none by default. */
  namespaces?: string[];
  /** The owner group; `group:default/<id>` by default. */
  owner?: string;
  /** The entity name; `<id>-monitoring` by default. */
  name?: string;
  seriesLabel?: 'namespace' | 'tenant_id';
  snsTopicArns?: string[];
  /** The retention annotation; left out by default (the default retention). */
  retention?: TenantRetention;
  /** Another location: a look-alike someone registered, not the provider's. */
  location?: string;
  /** More annotations, e.g. other plugins' ones. */
  annotations?: Record<string, string>;
};

/**
 * A tenant's System entity as the catalog module's provider emits it and the
 * catalog returns it, with its `ownedBy` relation.
 * @public
 */
export function providerTenantSystem(
  id: string,
  options: ProviderTenantSystemOptions = {},
): Entity {
  const owner = options.owner ?? `group:default/${id}`;
  const location = options.location ?? MONITORING_STACK_PROVIDER_LOCATION;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: options.name ?? `${id}-monitoring`,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
        [ANNOTATION_TENANT_SOURCE]: 'config',
        [ANNOTATION_TENANT_ID]: id,
        [ANNOTATION_SERIES_LABEL]: options.seriesLabel ?? 'namespace',
        [ANNOTATION_NAMESPACES]: (options.namespaces ?? []).join(','),
        ...(options.snsTopicArns
          ? { [ANNOTATION_SNS_TOPIC_ARNS]: options.snsTopicArns.join(',') }
          : {}),
        ...(options.retention
          ? { [ANNOTATION_RETENTION]: formatRetention(options.retention) }
          : {}),
        ...options.annotations,
      },
    },
    spec: { owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}
