import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ClusterObjects,
  FetchResponse,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
  ObjectsByEntityResponse,
} from '@backstage/plugin-kubernetes-common';
import {
  CustomResourcesByEntity,
  KubernetesObjectsByEntity,
  KubernetesObjectsProvider,
} from '@backstage/plugin-kubernetes-node';
import {
  tenantNamespacesByCluster,
  tenantRefFromEntity,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  TenantAuthorizer,
  TenantDirectory,
} from '@tenant-monitoring/plugin-monitoring-stack-node';

/** Objects with this label are left out of a tenant's Kubernetes tab. @public */
export const HIDDEN_FROM_PORTAL_LABEL = 'monitoring-stack.io/hidden';

/**
 * Every object of a namespace but the hidden ones. The Kubernetes plugin
 * needs a selector, and an empty one falls back to `backstage.io/kubernetes-id`.
 */
const WORKLOADS_SELECTOR = `!${HIDDEN_FROM_PORTAL_LABEL}`;

const NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';

/**
 * The Kubernetes plugin's objects provider for the System entity of a tenant
 * the platform declared: the objects of every namespace the tenant owns, in
 * each cluster only the namespaces it owns there, for a caller who may read
 * the tenant. Any other entity or caller gets the default provider's answer,
 * as if this module were not installed.
 * @public
 */
export class TenantWorkloadsProvider implements KubernetesObjectsProvider {
  constructor(
    private readonly deps: {
      fallback: KubernetesObjectsProvider;
      directory: TenantDirectory;
      authorizer: TenantAuthorizer;
    },
  ) {}

  async getKubernetesObjectsByEntity(
    request: KubernetesObjectsByEntity,
    options: { credentials: BackstageCredentials },
  ): Promise<ObjectsByEntityResponse> {
    return this.fanOut(request.entity, options.credentials, entity =>
      this.deps.fallback.getKubernetesObjectsByEntity(
        { ...request, entity },
        options,
      ),
    );
  }

  async getCustomResourcesByEntity(
    request: CustomResourcesByEntity,
    options: { credentials: BackstageCredentials },
  ): Promise<ObjectsByEntityResponse> {
    return this.fanOut(request.entity, options.credentials, entity =>
      this.deps.fallback.getCustomResourcesByEntity(
        { ...request, entity },
        options,
      ),
    );
  }

  private async fanOut(
    entity: Entity,
    credentials: BackstageCredentials,
    fetch: (entity: Entity) => Promise<ObjectsByEntityResponse>,
  ): Promise<ObjectsByEntityResponse> {
    const byCluster = await this.readableNamespaces(entity, credentials);
    if (!byCluster) return fetch(entity);
    const namespaces = [...new Set([...byCluster.values()].flat())].sort();
    const answers = await Promise.all(
      namespaces.map(async namespace => ({
        namespace,
        response: await fetch(inNamespace(entity, namespace)),
      })),
    );
    return mergeByCluster(answers, byCluster);
  }

  /**
   * The tenant's namespaces by cluster when `entity` is the System of a
   * declared tenant (the directory's, not a look-alike someone registered)
   * and the caller may read that tenant; undefined otherwise.
   */
  private async readableNamespaces(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<Map<string, string[]> | undefined> {
    if (entity.kind.toLocaleLowerCase('en-US') !== 'system') return undefined;
    const claimed = tenantRefFromEntity(entity);
    if (!claimed) return undefined;
    const declared = await this.deps.directory.find(claimed.id);
    if (declared?.entityRef !== stringifyEntityRef(entity)) return undefined;
    try {
      await this.deps.authorizer.scope(declared.id, credentials, 'read');
    } catch {
      return undefined;
    }
    const byCluster = tenantNamespacesByCluster(entity);
    return byCluster.size > 0 ? byCluster : undefined;
  }
}

function inNamespace(entity: Entity, namespace: string): Entity {
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        [NAMESPACE_ANNOTATION]: namespace,
        [KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION]: WORKLOADS_SELECTOR,
      },
    },
  };
}

/**
 * Custom resources of several kinds share one type: they are told apart by
 * the kind of what they hold (empty lists share one key: they add nothing).
 */
function kindOf(fetched: FetchResponse): string {
  if (fetched.type !== 'customresources') return fetched.type;
  const [first] = fetched.resources;
  return first ? `customresources:${first.apiVersion}/${first.kind}` : '';
}

/**
 * One item per cluster, holding what each namespace's answer found in that
 * cluster, for the namespaces the tenant owns there only.
 */
function mergeByCluster(
  answers: Array<{ namespace: string; response: ObjectsByEntityResponse }>,
  byCluster: Map<string, string[]>,
): ObjectsByEntityResponse {
  const merged = new Map<
    string,
    ClusterObjects & { byKind: Map<string, unknown[]> }
  >();
  for (const { namespace, response } of answers) {
    for (const item of response.items) {
      if (!byCluster.get(item.cluster.name)?.includes(namespace)) continue;
      let into = merged.get(item.cluster.name);
      if (!into) {
        into = {
          ...item,
          resources: [],
          podMetrics: [],
          errors: [],
          byKind: new Map(),
        };
        merged.set(item.cluster.name, into);
      }
      for (const fetched of item.resources) {
        const kind = kindOf(fetched);
        const same = into.byKind.get(kind);
        if (same) {
          same.push(...fetched.resources);
        } else {
          const copy = { ...fetched, resources: [...fetched.resources] };
          into.byKind.set(kind, copy.resources);
          into.resources.push(copy as FetchResponse);
        }
      }
      into.podMetrics.push(...item.podMetrics);
      into.errors.push(...item.errors);
    }
  }
  return {
    items: [...merged.values()].map(({ byKind: _, ...item }) => item),
  };
}
