import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { externalSecretsProblems } from './externalSecrets';

/**
 * The Kubernetes version whose OpenAPI schemas `kubernetes-models` carries
 * (its 4.5 line is generated from v1.33.0).
 * @public
 */
export const KUBERNETES_SCHEMA_VERSION = '1.33';

type Model = { validate(): void };
const MODELS: Record<string, new (data: any) => Model> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'apps/v1/DaemonSet': DaemonSet,
  'apps/v1/StatefulSet': StatefulSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

/**
 * Checks a Kubernetes object against the OpenAPI schema of its kind: the
 * upstream schemas of Kubernetes {@link KUBERNETES_SCHEMA_VERSION} through
 * `kubernetes-models`, and the vendored external-secrets CRDs' for an
 * `ExternalSecret` or `SecretStore` (`external-secrets.io/v1`). A kind with no schema here is a problem too, so nothing
 * is rendered unchecked.
 * @public
 */
export function kubernetesSchemaProblems(doc: Record<string, any>): string[] {
  const type = `${doc.apiVersion}/${doc.kind}`;
  const crd = externalSecretsProblems(doc);
  if (crd) return crd;
  if (!MODELS[type]) {
    return [`no schema for ${type}: the renderer may only emit checked kinds`];
  }
  try {
    const Model = MODELS[type];
    new Model(doc).validate();
    return [];
  } catch (e) {
    return [
      `Kubernetes ${KUBERNETES_SCHEMA_VERSION} schema of ${doc.kind}: ${
        (e as Error).message
      }`,
    ];
  }
}
