import { http, HttpResponse } from 'msw';
import { KubernetesNamespace } from '../lib/kubernetesTenants';

/** A labelled namespace as the Kubernetes API returns it. */
export function namespace(
  name: string,
  tenant: string,
  annotations: Record<string, string> = {},
): KubernetesNamespace {
  return {
    metadata: {
      name,
      labels: {
        'monitoring-stack.io/tenant': tenant,
        'kubernetes.io/metadata.name': name,
      },
      annotations,
    },
  };
}

/** What a fake API server serves on `GET /api/v1/namespaces`. */
export type NamespaceListOptions = {
  /** Items per page; all of them when unset (the API's `limit` is ignored, as a server may). */
  pageSize?: number;
  /** The bearer token the server requires; none when unset. */
  token?: string;
};

/**
 * The answer of `GET /api/v1/namespaces` of one cluster: a `NamespaceList`
 * shaped like the real one, filtered by a `labelSelector` that names a label
 * (`key`, or `key=value`), paged with `continue` the way the API server
 * does, or a 401 `Status` for a wrong token.
 */
export function namespaceListAnswer(
  url: URL,
  authorization: string | null | undefined,
  items: KubernetesNamespace[],
  options: NamespaceListOptions = {},
): { status: number; body: unknown } {
  if (options.token && authorization !== `Bearer ${options.token}`) {
    return {
      status: 401,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      },
    };
  }
  const selector = url.searchParams.get('labelSelector');
  const [key, value] = (selector ?? '').split('=');
  const matching = items.filter(i => {
    const label = i.metadata.labels?.[key];
    return selector && label !== undefined && (!value || label === value);
  });
  const size = options.pageSize ?? matching.length;
  const start = Number(url.searchParams.get('continue') ?? 0);
  const page = matching.slice(start, start + size);
  const next =
    start + size < matching.length ? String(start + size) : undefined;
  return {
    status: 200,
    body: {
      kind: 'NamespaceList',
      apiVersion: 'v1',
      metadata: {
        resourceVersion: '12345',
        ...(next ? { continue: next } : {}),
      },
      items: page.map(i => ({ ...i, status: { phase: 'Active' } })),
    },
  };
}

/**
 * `GET /api/v1/namespaces` of one cluster as an msw handler (see
 * {@link namespaceListAnswer}).
 */
export function namespacesHandler(
  baseUrl: string,
  items: KubernetesNamespace[],
  options: NamespaceListOptions & { requests?: URL[] } = {},
) {
  return http.get(`${baseUrl}/api/v1/namespaces`, ({ request }) => {
    const url = new URL(request.url);
    options.requests?.push(url);
    const { status, body } = namespaceListAnswer(
      url,
      request.headers.get('authorization'),
      items,
      options,
    );
    return HttpResponse.json(body as Record<string, unknown>, { status });
  });
}
