import { Config } from '@backstage/config';
import { ResponseError } from '@backstage/errors';
import {
  NAMESPACE_TENANT_LABEL,
  withoutTrailingSlash,
} from '@internal/plugin-monitoring-stack-common';
import {
  AwsIamStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
} from '@backstage/plugin-kubernetes-common';
import { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import { KubernetesNamespace } from './kubernetesTenants';

/** A cluster as configured for `@backstage/plugin-kubernetes`. */
export type KubernetesCluster = {
  name: string;
  url: string;
  /** The cluster's auth metadata, as the Kubernetes plugin builds it. */
  authMetadata: Record<string, string>;
};

/** Auth providers a background task can use: no user is signed in. */
export const SUPPORTED_AUTH_PROVIDERS = ['serviceAccount', 'aws'];

/**
 * Reads the clusters of `kubernetes.clusterLocatorMethods` of type `config`,
 * the ones the Kubernetes plugin already knows, with the auth metadata it
 * derives from them (service account token, AWS role to assume, external
 * id, and any `authMetadata` block). Clusters whose auth provider needs a
 * signed-in user or cloud setup this module does not do are reported.
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
      const block = c.getOptional<Record<string, string>>('authMetadata') ?? {};
      const authProvider =
        block[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ??
        c.getOptionalString('authProvider') ??
        'serviceAccount';
      if (!SUPPORTED_AUTH_PROVIDERS.includes(authProvider)) {
        unsupported.push(`${name} (authProvider ${authProvider})`);
        continue;
      }
      const optional = (key: string, as: string) => {
        const value = c.getOptionalString(key);
        return value ? { [as]: value } : {};
      };
      clusters.push({
        name,
        url: withoutTrailingSlash(c.getString('url')),
        authMetadata: {
          [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: authProvider,
          ...optional('serviceAccountToken', 'serviceAccountToken'),
          ...optional('assumeRole', ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE),
          ...optional('externalId', ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID),
          ...block,
        },
      });
    }
  }
  return { clusters, unsupported };
}

/** A bearer token for a cluster, or undefined to call it anonymously. */
export type ClusterTokens = (
  cluster: KubernetesCluster,
) => Promise<string | undefined>;

/**
 * Tokens from the Kubernetes plugin's own strategies: the configured service
 * account token (or the pod's own), or an EKS token signed with the `aws`
 * integration's credentials and the cluster's role.
 */
export function kubernetesClusterTokens(config: Config): ClusterTokens {
  const strategies: Record<string, AuthenticationStrategy> = {
    serviceAccount: new ServiceAccountStrategy(),
    aws: new AwsIamStrategy({ config }),
  };
  return async cluster => {
    const provider = cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
    // A configured token is the credential itself; the strategy would load
    // the Kubernetes client library just to hand it back.
    if (
      provider === 'serviceAccount' &&
      cluster.authMetadata.serviceAccountToken
    ) {
      return cluster.authMetadata.serviceAccountToken;
    }
    // No user is signed in: the request carries no auth of its own.
    const credential = await strategies[provider].getCredential(
      {
        name: cluster.name,
        url: cluster.url,
        authMetadata: cluster.authMetadata,
      },
      {},
    );
    return credential.type === 'bearer token' ? credential.token : undefined;
  };
}

const PAGE_SIZE = 500;

/**
 * Lists the namespaces that carry the tenant label, following the API's
 * `continue` tokens. Throws on any failed page, so a partial read is never
 * mistaken for the full list.
 */
export async function listTenantNamespaces(
  cluster: KubernetesCluster,
  options: { timeoutMs: number; token?: string },
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
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
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
