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

/**
 * `GET /api/v1/namespaces` of one cluster, shaped like the real NamespaceList
 * and paged with `limit`/`continue` the way the API server does.
 */
export function namespacesHandler(
  baseUrl: string,
  items: KubernetesNamespace[],
  options: { pageSize?: number; requests?: URL[]; token?: string } = {},
) {
  return http.get(`${baseUrl}/api/v1/namespaces`, ({ request }) => {
    const url = new URL(request.url);
    options.requests?.push(url);
    if (
      options.token &&
      request.headers.get('authorization') !== `Bearer ${options.token}`
    ) {
      return HttpResponse.json(
        {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        },
        { status: 401 },
      );
    }
    const selector = url.searchParams.get('labelSelector');
    const matching = items.filter(
      i => selector && i.metadata.labels?.[selector] !== undefined,
    );
    const size = options.pageSize ?? matching.length;
    const start = Number(url.searchParams.get('continue') ?? 0);
    const page = matching.slice(start, start + size);
    const next =
      start + size < matching.length ? String(start + size) : undefined;
    return HttpResponse.json({
      kind: 'NamespaceList',
      apiVersion: 'v1',
      metadata: {
        resourceVersion: '12345',
        ...(next ? { continue: next } : {}),
      },
      items: page.map(i => ({ ...i, status: { phase: 'Active' } })),
    });
  });
}
