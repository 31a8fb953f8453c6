import {
  NAMESPACE_ANNOTATIONS,
  NAMESPACE_TENANT_LABEL,
  parseRetention,
  parseTenant,
  Tenant,
  tenantGrafanaUrl,
  TenantRetention,
  TenantValidationError,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/** The part of a Kubernetes `Namespace` object we read. */
export type KubernetesNamespace = {
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
};

/** A namespace that could not be turned into a tenant, and why. */
export type SkippedNamespace = {
  cluster: string;
  namespace: string;
  reason: string;
};

/**
 * Turns labelled namespaces of one cluster into one single-namespace tenant
 * each, ordered by namespace name so that the first namespace of a tenant
 * decides its attributes whatever order the API lists them in. A namespace
 * whose label or annotations break a tenant rule is skipped and reported, so
 * one bad namespace never hides the others; that includes a
 * `monitoring-stack.io/retention` that cannot be read or breaks the rules of
 * config's `retention` (the namespace is not given the default instead).
 *
 * The tenant's Grafana comes from the platform's `grafanaUrlPattern`, never
 * from the namespace: whoever may annotate a namespace would otherwise choose
 * where the backend sends the tenant's Grafana token (an internal service,
 * the instance metadata address). A namespace whose annotation names another
 * URL is refused.
 */
export function namespacesToTenants(
  cluster: string,
  namespaces: KubernetesNamespace[],
  grafanaUrlPattern?: string,
): { tenants: Tenant[]; skipped: SkippedNamespace[] } {
  const tenants: Tenant[] = [];
  const skipped: SkippedNamespace[] = [];
  for (const ns of namespaces) {
    const id = ns.metadata.labels?.[NAMESPACE_TENANT_LABEL];
    if (id === undefined) continue;
    const annotations = ns.metadata.annotations ?? {};
    const grafanaUrl = grafanaUrlPattern
      ? tenantGrafanaUrl(grafanaUrlPattern, id)
      : undefined;
    const annotated = annotations[NAMESPACE_ANNOTATIONS.grafanaUrl];
    if (annotated !== undefined && annotated !== grafanaUrl) {
      skipped.push({
        cluster,
        namespace: ns.metadata.name,
        reason: `${
          NAMESPACE_ANNOTATIONS.grafanaUrl
        }: a namespace may not choose its tenant's Grafana URL; ${
          grafanaUrl
            ? `the platform's monitoringStack.tenantGrafanaUrl gives '${grafanaUrl}'`
            : 'monitoringStack.tenantGrafanaUrl is not set'
        }, got '${annotated}'`,
      });
      continue;
    }
    const topics = annotations[NAMESPACE_ANNOTATIONS.snsTopicArns];
    const key = `namespace ${cluster}/${ns.metadata.name}`;
    const problems: string[] = [];
    const retention = readRetention(
      annotations[NAMESPACE_ANNOTATIONS.retention],
      `${key}.retention`,
      problems,
    );
    const input = {
      id,
      title: annotations[NAMESPACE_ANNOTATIONS.title],
      // Teams usually name their namespace label after their group.
      owner: annotations[NAMESPACE_ANNOTATIONS.owner] ?? `group:default/${id}`,
      namespaces: { [cluster]: [ns.metadata.name] },
      seriesLabel: annotations[NAMESPACE_ANNOTATIONS.seriesLabel],
      grafanaUrl,
      snsTopicArns: topics
        ? topics
            .split(',')
            .map(s => s.trim())
            .filter(Boolean)
        : undefined,
      retention,
    };
    try {
      const tenant = parseTenant(
        Object.fromEntries(
          Object.entries(input).filter(([, v]) => v !== undefined),
        ),
        key,
      );
      if (problems.length === 0) tenants.push(tenant);
    } catch (e) {
      if (!(e instanceof TenantValidationError)) throw e;
      problems.push(...e.problems);
    }
    if (problems.length > 0) {
      skipped.push({
        cluster,
        namespace: ns.metadata.name,
        reason: problems.join('; '),
      });
    }
  }
  const first = (t: Tenant) => Object.values(t.namespaces)[0][0];
  tenants.sort((a, b) => first(a).localeCompare(first(b)));
  return { tenants, skipped };
}

/**
 * The namespace's retention annotation, read and checked with the rules of
 * config's `retention`; undefined (the default) without one, or when it is
 * invalid, which adds to `problems`: the namespace is then skipped, never
 * given the default, which may be shorter than what it asked for.
 */
function readRetention(
  value: string | undefined,
  key: string,
  problems: string[],
): TenantRetention | undefined {
  if (value === undefined) return undefined;
  try {
    return parseRetention(value, key);
  } catch (e) {
    if (!(e instanceof TenantValidationError)) throw e;
    problems.push(...e.problems);
    return undefined;
  }
}
