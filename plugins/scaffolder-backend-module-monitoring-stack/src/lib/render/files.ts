import {
  NAMESPACE_TENANT_LABEL,
  Tenant,
  tenantLabelValue,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { tenantGrafanaUid } from '@tenant-monitoring/plugin-monitoring-stack-node';
import yaml from 'yaml';

// Plain YAML without anchors: reviewers of the GitOps pull request read it.
export const toYaml = (value: unknown) =>
  yaml.stringify(value, { aliasDuplicateObjects: false });

/**
 * What a rendered file is, which says how it is validated: Kubernetes
 * objects against the OpenAPI schemas, Prometheus and Alertmanager files by
 * promtool and amtool, CloudFormation against the resource specification.
 * @public
 */
export type RenderedFileFormat =
  | 'kubernetes'
  | 'prometheus-config'
  | 'prometheus-relabel'
  | 'prometheus-rules'
  | 'alertmanager-config'
  | 'cloudformation'
  | 's3-bucket-properties'
  | 'fluent-bit-config'
  | 'config';

/** A file of the rendered GitOps tree, relative to the tenant's folder. @public */
export type RenderedFile = {
  path: string;
  content: string;
  /** How it is validated; without it, guessed from the content. */
  format?: RenderedFileFormat;
  /**
   * The ConfigMap the file becomes a key of, through its folder's
   * `kustomization.yaml` (`configMapGenerator`): the file stays readable
   * and checked by its own tool, and a change rolls the pods that mount it.
   */
  configMap?: { name: string; namespace: string };
};

/** A Kubernetes object as a rendered file; the interfaces type-check its fields. */
export const kube = (path: string, object: object): RenderedFile => ({
  path,
  content: toYaml(object),
  format: 'kubernetes',
});

/** Kubernetes object names: `a-z 0-9 -`, so uids double as names. */
export const k8sName = tenantGrafanaUid;

/**
 * The tenant label of the tenant's objects: its id, which the catalog's
 * `backstage.io/kubernetes-label-selector` selects, or none when the id
 * cannot be a label value.
 */
export function tenantLabel(tenant: Tenant): Record<string, string> {
  const value = tenantLabelValue(tenant.id);
  return value === undefined ? {} : { [NAMESPACE_TENANT_LABEL]: value };
}

export function labelsOf(tenant: Tenant, component: string) {
  return {
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/instance': k8sName(component, tenant.id),
    'app.kubernetes.io/part-of': 'monitoring-stack',
    ...tenantLabel(tenant),
  };
}
