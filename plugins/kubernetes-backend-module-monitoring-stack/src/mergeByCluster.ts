import {
  ClusterObjects,
  FetchResponse,
  ObjectsByEntityResponse,
} from '@backstage/plugin-kubernetes-common';

/** What the Kubernetes plugin answered for one namespace. */
export type NamespaceAnswer = {
  namespace: string;
  response: ObjectsByEntityResponse;
};

/**
 * Custom resources of several kinds share one type: they are told apart by
 * the kind of what they hold (empty lists share one key: they add nothing).
 */
function kindOf(fetched: FetchResponse): string {
  if (fetched.type !== 'customresources') return fetched.type;
  const [first] = fetched.resources;
  return first ? `customresources:${first.apiVersion}/${first.kind}` : '';
}

const namespaceOf = (object: unknown) =>
  (object as { metadata?: { namespace?: unknown } } | undefined)?.metadata
    ?.namespace;

/**
 * One item per cluster, holding what each namespace's answer found in that
 * cluster, for the namespaces `byCluster` allows there only; of each answer
 * only the objects that are in the namespace asked for (what a cluster
 * returns is not trusted to be).
 */
export function mergeByCluster(
  answers: NamespaceAnswer[],
  byCluster: ReadonlyMap<string, readonly string[]>,
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
        const inside = (fetched.resources as unknown[]).filter(
          o => namespaceOf(o) === namespace,
        );
        const kind = kindOf({ ...fetched, resources: inside } as FetchResponse);
        const same = into.byKind.get(kind);
        if (same) {
          same.push(...inside);
        } else {
          const copy = { ...fetched, resources: inside };
          into.byKind.set(kind, copy.resources);
          into.resources.push(copy as FetchResponse);
        }
      }
      into.podMetrics.push(
        ...item.podMetrics.filter(m => namespaceOf(m.pod) === namespace),
      );
      into.errors.push(...item.errors);
    }
  }
  return {
    items: [...merged.values()].map(({ byKind: _, ...item }) => item),
  };
}
