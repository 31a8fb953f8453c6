import {
  ADMIN_TENANT_ID,
  NAMESPACE_ANNOTATIONS,
  NAMESPACE_TENANT_LABEL,
  parseTenant,
  Tenant,
  TenantValidationError,
} from '@internal/plugin-monitoring-stack-common';

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
 * each. A namespace whose label or annotations break a tenant rule is skipped
 * and reported, so one bad namespace never hides the others.
 */
export function namespacesToTenants(
  cluster: string,
  namespaces: KubernetesNamespace[],
): { tenants: Tenant[]; skipped: SkippedNamespace[] } {
  const tenants: Tenant[] = [];
  const skipped: SkippedNamespace[] = [];
  for (const ns of namespaces) {
    const id = ns.metadata.labels?.[NAMESPACE_TENANT_LABEL];
    if (id === undefined) continue;
    const annotations = ns.metadata.annotations ?? {};
    const topics = annotations[NAMESPACE_ANNOTATIONS.snsTopicArns];
    const input = {
      id,
      title: annotations[NAMESPACE_ANNOTATIONS.title],
      // Teams usually name their namespace label after their group.
      owner: annotations[NAMESPACE_ANNOTATIONS.owner] ?? `group:default/${id}`,
      namespaces: { [cluster]: [ns.metadata.name] },
      seriesLabel: annotations[NAMESPACE_ANNOTATIONS.seriesLabel],
      grafanaUrl: annotations[NAMESPACE_ANNOTATIONS.grafanaUrl],
      snsTopicArns: topics
        ? topics
            .split(',')
            .map(s => s.trim())
            .filter(Boolean)
        : undefined,
    };
    try {
      tenants.push(
        parseTenant(
          Object.fromEntries(
            Object.entries(input).filter(([, v]) => v !== undefined),
          ),
          `namespace ${cluster}/${ns.metadata.name}`,
        ),
      );
    } catch (e) {
      if (!(e instanceof TenantValidationError)) throw e;
      skipped.push({
        cluster,
        namespace: ns.metadata.name,
        reason: e.problems.join('; '),
      });
    }
  }
  return { tenants, skipped };
}

function mergeNamespaces(
  a: Record<string, string[]>,
  b: Record<string, string[]>,
): Record<string, string[]> {
  const out: Record<string, string[]> = { ...a };
  for (const [cluster, names] of Object.entries(b)) {
    out[cluster] = [...new Set([...(out[cluster] ?? []), ...names])].sort();
  }
  return out;
}

/** A tenant and where it was read. */
export type SourcedTenant = { tenant: Tenant; source: string };

/**
 * Joins config tenants with the tenants found on clusters. Config wins for
 * every attribute but namespaces, which are the union of both; namespaces of
 * one tenant found on several clusters join into one tenant. The first
 * namespace (by cluster, then name) decides a Kubernetes-only tenant's
 * attributes, so the result does not depend on API ordering.
 *
 * A namespace labelled for one tenant whose name or SNS topics another
 * tenant holds already is refused: the gateway scopes by namespace name on
 * every cluster, so whoever labels a namespace `team-b` must not read team-b.
 */
export function mergeTenants(
  configTenants: Tenant[],
  clusterTenants: Map<string, Tenant[]>,
  adminTopicArns: string[] = [],
): { tenants: SourcedTenant[]; refused: SkippedNamespace[] } {
  const byId = new Map<string, SourcedTenant>();
  const holders = new Map<string, string>(
    adminTopicArns.map(t => [`SNS topic ${t}`, ADMIN_TENANT_ID]),
  );
  const hold = (tenant: Tenant) => {
    for (const n of Object.values(tenant.namespaces).flat()) {
      holders.set(`namespace '${n}'`, tenant.id);
    }
    for (const t of tenant.snsTopicArns)
      holders.set(`SNS topic ${t}`, tenant.id);
  };
  for (const tenant of configTenants) {
    byId.set(tenant.id, { tenant, source: 'config' });
    hold(tenant);
  }
  const refused: SkippedNamespace[] = [];
  const clusters = [...clusterTenants.keys()].sort();
  for (const cluster of clusters) {
    const found = [...clusterTenants.get(cluster)!].sort((x, y) =>
      Object.values(x.namespaces)[0][0].localeCompare(
        Object.values(y.namespaces)[0][0],
      ),
    );
    for (const tenant of found) {
      const namespace = Object.values(tenant.namespaces)[0][0];
      const claim = [
        `namespace '${namespace}'`,
        ...tenant.snsTopicArns.map(t => `SNS topic ${t}`),
      ].find(c => (holders.get(c) ?? tenant.id) !== tenant.id);
      if (claim) {
        refused.push({
          cluster,
          namespace,
          reason: `its tenant '${
            tenant.id
          }' claims ${claim}, which belongs to tenant '${holders.get(claim)}'`,
        });
        continue;
      }
      hold(tenant);
      const existing = byId.get(tenant.id);
      if (!existing) {
        byId.set(tenant.id, { tenant, source: `kubernetes:${cluster}` });
        continue;
      }
      existing.tenant = {
        ...existing.tenant,
        namespaces: mergeNamespaces(
          existing.tenant.namespaces,
          tenant.namespaces,
        ),
      };
    }
  }
  return {
    tenants: [...byId.values()].sort((a, b) =>
      a.tenant.id.localeCompare(b.tenant.id),
    ),
    refused,
  };
}
