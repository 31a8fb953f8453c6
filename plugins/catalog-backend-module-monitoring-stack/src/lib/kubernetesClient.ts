import { Config } from '@backstage/config';
import {
  NAMESPACE_TENANT_LABEL,
  withoutTrailingSlash,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  AnonymousStrategy,
  AwsIamStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
  SERVICEACCOUNT_CA_PATH,
} from '@backstage/plugin-kubernetes-common';
import {
  AuthenticationStrategy,
  ClusterDetails,
} from '@backstage/plugin-kubernetes-node';
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  Observable,
  ObservableMiddleware,
  V1NamespaceList,
} from '@kubernetes/client-node';
import fs from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { KubernetesNamespace } from './kubernetesTenants';

/**
 * A cluster as the Kubernetes plugin describes it (`ClusterDetails` of
 * `@backstage/plugin-kubernetes-node`): where its API server is, how to
 * trust it and the auth metadata the plugin builds.
 * @public
 */
export type KubernetesCluster = Pick<
  ClusterDetails,
  'name' | 'url' | 'authMetadata' | 'caData' | 'caFile' | 'skipTLSVerify'
>;

/** Auth providers a background task can use: no user is signed in. */
export const SUPPORTED_AUTH_PROVIDERS = [
  'serviceAccount',
  'aws',
  'localKubectlProxy',
];

/** The cluster the Kubernetes plugin's `localKubectlProxy` locator names. */
const LOCAL_KUBECTL_PROXY: KubernetesCluster = {
  name: 'local',
  url: 'http://localhost:8001',
  authMetadata: { [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'localKubectlProxy' },
};

/** Why a cluster locator method is not read. */
const UNREAD_LOCATORS: Record<string, string> = {
  catalog:
    "its clusters are catalog entities, which anyone who may register a location can add, and a tenant must come from the platform's own config",
  gke: 'its clusters are listed with Google Cloud credentials and reached with Google auth providers, which this module does not use',
};

/**
 * Reads the clusters of `kubernetes.clusterLocatorMethods` the way the
 * Kubernetes plugin's own locators do, for the locators that need no
 * signed-in user: `config` (with the auth metadata it derives: service
 * account token, AWS role to assume, external id, any `authMetadata` block;
 * and `caData`, `caFile`, `skipTLSVerify`) and `localKubectlProxy`
 * (`kubectl proxy` on port 8001). Clusters whose auth provider needs a
 * signed-in user or cloud setup this module does not do are reported, and
 * so are locators it does not read (`catalog`, `gke`, others).
 */
export function readKubernetesClusters(config: Config): {
  clusters: KubernetesCluster[];
  unsupported: string[];
  skippedLocators: string[];
} {
  const clusters: KubernetesCluster[] = [];
  const unsupported: string[] = [];
  const skippedLocators: string[] = [];
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  for (const method of methods) {
    const type = method.getString('type');
    if (type === 'localKubectlProxy') {
      clusters.push({ ...LOCAL_KUBECTL_PROXY });
      continue;
    }
    if (type !== 'config') {
      skippedLocators.push(
        `${type} (${
          UNREAD_LOCATORS[type] ?? 'not a locator this module knows'
        })`,
      );
      continue;
    }
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
      const caData = c.getOptionalString('caData');
      const caFile = c.getOptionalString('caFile');
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
        ...(caData ? { caData } : {}),
        ...(caFile ? { caFile } : {}),
        skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
      });
    }
  }
  return { clusters, unsupported, skippedLocators };
}

/** A bearer token for a cluster, or undefined to call it anonymously. @public */
export type ClusterTokens = (
  cluster: KubernetesCluster,
) => Promise<string | undefined>;

/**
 * Tokens from the Kubernetes plugin's own strategies: the configured service
 * account token (or the pod's own), an EKS token signed with the `aws`
 * integration's credentials and the cluster's role, or none through
 * `kubectl proxy`.
 */
export function kubernetesClusterTokens(config: Config): ClusterTokens {
  const strategies: Record<string, AuthenticationStrategy> = {
    serviceAccount: new ServiceAccountStrategy(),
    aws: new AwsIamStrategy({ config }),
    localKubectlProxy: new AnonymousStrategy(),
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

/** Where a cluster's API server is and how its certificate is checked. */
export type ClusterConnection = {
  server: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
};

/**
 * How to reach a cluster. As the Kubernetes plugin does, a `serviceAccount`
 * cluster without a configured token, read from a pod (the service account
 * CA file exists), is the pod's own cluster: the API server of
 * `KUBERNETES_SERVICE_HOST`/`_PORT`, trusted with the pod's CA. Every other
 * cluster is its configured URL with its `caData`/`caFile`/`skipTLSVerify`.
 * `inClusterPathPrefix` is where the service account files are mounted
 * (only tests move it).
 */
export function clusterConnection(
  cluster: KubernetesCluster,
  options: { inClusterPathPrefix?: string } = {},
): ClusterConnection {
  const prefix = options.inClusterPathPrefix ?? '';
  if (
    cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ===
      'serviceAccount' &&
    !cluster.authMetadata.serviceAccountToken &&
    fs.existsSync(`${prefix}${SERVICEACCOUNT_CA_PATH}`)
  ) {
    const kc = new KubeConfig();
    kc.loadFromCluster(prefix);
    const pod = kc.getCurrentCluster()!;
    return {
      server: pod.server,
      ...(pod.server.startsWith('https:') ? { caFile: pod.caFile } : {}),
      skipTLSVerify: false,
    };
  }
  return {
    server: cluster.url,
    ...(cluster.caData ? { caData: cluster.caData } : {}),
    ...(cluster.caFile ? { caFile: cluster.caFile } : {}),
    skipTLSVerify: cluster.skipTLSVerify ?? false,
  };
}

const PAGE_SIZE = 500;

/** Errors of Node's TLS layer when it cannot verify the server's certificate. */
const TLS_VERIFY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** A cluster's API server whose certificate could not be verified. */
export class KubernetesTlsError extends Error {
  readonly name = 'KubernetesTlsError';
  constructor(readonly cluster: string, readonly code: string, reason: string) {
    super(
      `TLS verification of the API server of cluster ${cluster} failed (${code}: ${reason}); give the cluster's CA as caData (base64 PEM) or caFile`,
    );
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The `message` of a Kubernetes `Status` answer, if the body is one. */
function statusMessage(body: unknown): string | undefined {
  try {
    const status = typeof body === 'string' ? JSON.parse(body) : body;
    return typeof status?.message === 'string' ? status.message : undefined;
  } catch {
    return undefined;
  }
}

/** A failed page read, said in terms of the cluster (never its token). */
function describeFailure(
  cluster: string,
  error: unknown,
  signal: AbortSignal,
  timeoutMs: number,
): Error {
  if (signal.aborted) {
    return new Error(
      `cluster ${cluster} did not answer within ${timeoutMs} ms`,
    );
  }
  if (error instanceof ApiException) {
    // The client keeps the body of some answers only (not of a 401).
    const message = statusMessage(error.body) ?? STATUS_CODES[error.code];
    return new Error(
      `cluster ${cluster} answered HTTP ${error.code}${
        message ? `: ${message}` : ''
      }`,
    );
  }
  const code = errorCode(error);
  if (code && TLS_VERIFY_CODES.has(code)) {
    const reason =
      (error as Error).message.match(/reason: (.*)$/)?.[1] ??
      (error as Error).message;
    return new KubernetesTlsError(cluster, code, reason);
  }
  const file = (error as { path?: unknown } | undefined)?.path;
  if (code && typeof file === 'string') {
    return new Error(
      `the CA file ${file} of cluster ${cluster} could not be read (${code})`,
    );
  }
  if (code) {
    return new Error(
      `cluster ${cluster} could not be reached (${code}): ${
        (error as Error).message
      }`,
    );
  }
  // The answer arrived but could not be read as a NamespaceList.
  return new Error(
    `cluster ${cluster} answered /api/v1/namespaces with something that is not a NamespaceList (${error})`,
  );
}

/** Aborts each request of a call when `signal` fires. */
function abortOn(signal: AbortSignal): ObservableMiddleware {
  return {
    pre: context => {
      context.setSignal(signal);
      return new Observable(Promise.resolve(context));
    },
    post: response => new Observable(Promise.resolve(response)),
  };
}

/**
 * Lists the namespaces that carry the tenant label with
 * `@kubernetes/client-node` (`CoreV1Api.listNamespace` with the label
 * selector), following the API's `continue` tokens. The API server's
 * certificate is checked against the cluster's CA (`caData`, `caFile`, or
 * the pod's, see {@link clusterConnection}) unless `skipTLSVerify`; each
 * page must answer within `timeoutMs`. Throws on any failed page, so a
 * partial read is never mistaken for the full list; a certificate that
 * cannot be verified is a {@link KubernetesTlsError}.
 */
export async function listTenantNamespaces(
  cluster: KubernetesCluster,
  options: { timeoutMs: number; token?: string; inClusterPathPrefix?: string },
): Promise<KubernetesNamespace[]> {
  const connection = clusterConnection(cluster, options);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: connection.server,
        caData: connection.caData,
        caFile: connection.caFile,
        // Plain HTTP (kubectl proxy) has no certificate to check; the
        // client refuses http:// unless told so.
        skipTLSVerify:
          connection.skipTLSVerify || connection.server.startsWith('http:'),
      },
    ],
    // The client applies the cluster's CA only when there is a user.
    users: [
      {
        name: 'monitoring-stack',
        ...(options.token ? { token: options.token } : {}),
      },
    ],
    contexts: [
      { name: cluster.name, cluster: cluster.name, user: 'monitoring-stack' },
    ],
    currentContext: cluster.name,
  });
  const api = kc.makeApiClient(CoreV1Api);

  const items: KubernetesNamespace[] = [];
  let next: string | undefined;
  do {
    const signal = AbortSignal.timeout(options.timeoutMs);
    let page: V1NamespaceList;
    try {
      page = await api.listNamespace(
        {
          labelSelector: NAMESPACE_TENANT_LABEL,
          limit: PAGE_SIZE,
          _continue: next,
        },
        { middleware: [abortOn(signal)] },
      );
    } catch (error) {
      throw describeFailure(cluster.name, error, signal, options.timeoutMs);
    }
    if (page?.kind !== 'NamespaceList' || !Array.isArray(page.items)) {
      throw new Error(
        `cluster ${cluster.name} answered /api/v1/namespaces with something that is not a NamespaceList`,
      );
    }
    items.push(...(page.items as KubernetesNamespace[]));
    next = page.metadata?._continue || undefined;
  } while (next);
  return items;
}
