import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  CustomResourceMatcher,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
  ObjectsByEntityResponse,
} from '@backstage/plugin-kubernetes-common';
import {
  CustomResourcesByEntity,
  KubernetesObjectsByEntity,
  KubernetesObjectsProvider,
} from '@backstage/plugin-kubernetes-node';
import {
  TenantRef,
  tenantRefFromEntity,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  TenantAuthorizer,
  TenantDirectory,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { mergeByCluster } from './mergeByCluster';

/** Objects with this label are left out of a tenant's Kubernetes tab. @public */
export const HIDDEN_FROM_PORTAL_LABEL = 'monitoring-stack.io/hidden';

/**
 * Every object of a namespace but the hidden ones. The Kubernetes plugin
 * needs a selector, and an empty one falls back to `backstage.io/kubernetes-id`.
 */
const WORKLOADS_SELECTOR = `!${HIDDEN_FROM_PORTAL_LABEL}`;

/** The annotation the Kubernetes plugin takes an entity's namespace from. */
const NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';

/**
 * The group, version and plural of a custom resource as a request may name
 * them: each is one segment of the API server's path (never `/` or `..`).
 */
const RESOURCE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

type ByCluster = ReadonlyMap<string, readonly string[]>;

/**
 * The Kubernetes plugin's objects provider, in front of its default one, so
 * that a caller gets only the objects of the tenants it may read, whatever
 * entity or annotations a request carries:
 * - the System of a tenant the platform declared shows the objects of every
 *   namespace the directory holds for the tenant (the tenant's Kubernetes
 *   tab), to a caller who may read the tenant; anyone else is refused;
 * - any other entity is answered from the namespaces of the tenants the
 *   caller may read only; naming a namespace of another tenant is refused
 *   like that tenant, one that belongs to no tenant shows nothing;
 * - admins get the default provider's answer for any other entity.
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
    return this.scoped(request.entity, options.credentials, entity =>
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
    request.customResources.forEach(checkCustomResource);
    return this.scoped(request.entity, options.credentials, entity =>
      this.deps.fallback.getCustomResourcesByEntity(
        { ...request, entity },
        options,
      ),
    );
  }

  private async scoped(
    entity: Entity,
    credentials: BackstageCredentials,
    fetch: (entity: Entity) => Promise<ObjectsByEntityResponse>,
  ): Promise<ObjectsByEntityResponse> {
    const { authorizer, directory } = this.deps;
    const tenant = await this.declaredTenant(entity);
    if (tenant) {
      await authorizer.scope(tenant.id, credentials, 'read');
      return fetchIn(await directory.namespacesOf(tenant.id), fetch, ns =>
        inNamespace(entity, ns, WORKLOADS_SELECTOR),
      );
    }
    if (await authorizer.isAdmin(credentials)) return fetch(entity);
    const readable = await this.readableNamespaces(credentials);
    const named = entity.metadata.annotations?.[NAMESPACE_ANNOTATION];
    if (named === undefined) {
      return fetchIn(readable, fetch, ns => inNamespace(entity, ns));
    }
    const only = onlyNamespace(readable, named);
    if (only.size === 0) {
      // Refused like the tenant that holds it, if one does.
      const owner = await directory.namespaceOwner(named);
      if (owner) await authorizer.scope(owner.id, credentials, 'read');
    }
    return fetchIn(only, fetch, ns => inNamespace(entity, ns));
  }

  /**
   * The tenant when `entity` is the System of a tenant the platform declared
   * (the directory's, not a look-alike someone registered).
   */
  private async declaredTenant(entity: Entity): Promise<TenantRef | undefined> {
    if (entity.kind.toLocaleLowerCase('en-US') !== 'system') return undefined;
    const claimed = tenantRefFromEntity(entity);
    if (!claimed) return undefined;
    const declared = await this.deps.directory.find(claimed.id);
    return declared?.entityRef === stringifyEntityRef(entity)
      ? declared
      : undefined;
  }

  /** The namespaces, by cluster, of every tenant the caller may read. */
  private async readableNamespaces(
    credentials: BackstageCredentials,
  ): Promise<ByCluster> {
    const byCluster = new Map<string, string[]>();
    for (const t of await this.deps.authorizer.visibleTenants(credentials)) {
      for (const [
        cluster,
        namespaces,
      ] of await this.deps.directory.namespacesOf(t.id)) {
        byCluster.set(cluster, [
          ...(byCluster.get(cluster) ?? []),
          ...namespaces,
        ]);
      }
    }
    return byCluster;
  }
}

function checkCustomResource(resource: CustomResourceMatcher) {
  const { group, apiVersion, plural } = resource;
  for (const [field, value, optional] of [
    ['group', group, true],
    ['apiVersion', apiVersion, false],
    ['plural', plural, false],
  ] as const) {
    if (optional && value === '') continue;
    if (typeof value !== 'string' || !RESOURCE_NAME.test(value)) {
      throw new InputError(
        `Custom resource ${field} must be lowercase letters, digits, '-' and '.', got ${JSON.stringify(
          value,
        )}`,
      );
    }
  }
}

function onlyNamespace(byCluster: ByCluster, namespace: string): ByCluster {
  return new Map(
    [...byCluster]
      .filter(([, namespaces]) => namespaces.includes(namespace))
      .map(([cluster]) => [cluster, [namespace]]),
  );
}

/** One request per namespace, merged into one item per cluster. */
async function fetchIn(
  byCluster: ByCluster,
  fetch: (entity: Entity) => Promise<ObjectsByEntityResponse>,
  entityIn: (namespace: string) => Entity,
): Promise<ObjectsByEntityResponse> {
  const namespaces = [...new Set([...byCluster.values()].flat())].sort();
  const answers = await Promise.all(
    namespaces.map(async namespace => ({
      namespace,
      response: await fetch(entityIn(namespace)),
    })),
  );
  return mergeByCluster(answers, byCluster);
}

function inNamespace(entity: Entity, namespace: string, selector?: string) {
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        [NAMESPACE_ANNOTATION]: namespace,
        ...(selector
          ? { [KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION]: selector }
          : {}),
      },
    },
  };
}
