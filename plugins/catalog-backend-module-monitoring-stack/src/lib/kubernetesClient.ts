import { Config } from '@backstage/config';
import { ResponseError } from '@backstage/errors';
import { NAMESPACE_TENANT_LABEL } from '@internal/plugin-monitoring-stack-common';
import { KubernetesNamespace } from './kubernetesTenants';

/** A cluster as configured for `@backstage/plugin-kubernetes`. */
export type KubernetesCluster = {
  name: string;
  url: string;
  token?: string;
};

/**
 * Reads the clusters of `kubernetes.clusterLocatorMethods` of type `config`,
 * the ones the Kubernetes plugin already knows. Clusters that use another
 * auth provider than a service account token are returned without a token
 * and reported, since this module cannot sign for them.
 */
export function readKubernetesClusters(config: Config): {
  clusters: KubernetesCluster[];
  unsupported: string[];
} {
  const clusters: KubernetesCluster[] = [];
  const unsupported: string[] = [];
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  for (const method of methods) {
    if (method.getString('type') !== 'config') continue;
    for (const c of method.getOptionalConfigArray('clusters') ?? []) {
      const name = c.getString('name');
      const authProvider =
        c.getOptionalString('authProvider') ?? 'serviceAccount';
      if (authProvider !== 'serviceAccount') {
        unsupported.push(`${name} (authProvider ${authProvider})`);
        continue;
      }
      clusters.push({
        name,
        url: c.getString('url').replace(/\/+$/, ''),
        token: c.getOptionalString('serviceAccountToken'),
      });
    }
  }
  return { clusters, unsupported };
}

const PAGE_SIZE = 500;

/**
 * Lists the namespaces that carry the tenant label, following the API's
 * `continue` tokens. Throws on any failed page, so a partial read is never
 * mistaken for the full list.
 */
export async function listTenantNamespaces(
  cluster: KubernetesCluster,
  options: { timeoutMs: number },
): Promise<KubernetesNamespace[]> {
  const items: KubernetesNamespace[] = [];
  let next: string | undefined;
  do {
    const url = new URL(`${cluster.url}/api/v1/namespaces`);
    url.searchParams.set('labelSelector', NAMESPACE_TENANT_LABEL);
    url.searchParams.set('limit', String(PAGE_SIZE));
    if (next) url.searchParams.set('continue', next);
    const response = await fetch(url, {
      headers: {
        Accept: 'application/json',
        ...(cluster.token ? { Authorization: `Bearer ${cluster.token}` } : {}),
      },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const body = (await response.json()) as {
      kind?: string;
      items?: KubernetesNamespace[];
      metadata?: { continue?: string };
    };
    if (body.kind !== 'NamespaceList' || !Array.isArray(body.items)) {
      throw new Error(
        `cluster ${cluster.name} answered ${url.pathname} with something that is not a NamespaceList`,
      );
    }
    items.push(...body.items);
    next = body.metadata?.continue || undefined;
  } while (next);
  return items;
}
