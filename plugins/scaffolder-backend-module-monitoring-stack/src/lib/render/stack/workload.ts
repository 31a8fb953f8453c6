import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import { StackSettings } from './settings';

/** Labels of a stack component's objects; the first two select its pods. */
export function stackLabels(component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/instance': 'monitoring-stack',
    'app.kubernetes.io/part-of': 'monitoring-stack',
  };
}

/** What selects a component's pods (a subset of {@link stackLabels}). */
export function stackSelector(component: string): Record<string, string> {
  const { 'app.kubernetes.io/part-of': _, ...selector } =
    stackLabels(component);
  return selector;
}

/**
 * Replicas of one component land in different availability zones when the
 * cluster has them (`ScheduleAnyway`: a zone short of nodes delays nothing),
 * and on different nodes within a zone.
 */
export function spreadAcrossZones(
  component: string,
): Pick<IPodSpec, 'topologySpreadConstraints'> {
  const labelSelector = { matchLabels: stackSelector(component) };
  return {
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector,
      },
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector,
      },
    ],
  };
}

/**
 * A voluntary disruption (a node drain, a cluster upgrade) may take at most
 * `maxUnavailable` of the component's pods at once.
 */
export function disruptionBudget(
  component: string,
  namespace: string,
  maxUnavailable = 1,
): IPodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: component, namespace, labels: stackLabels(component) },
    spec: {
      maxUnavailable,
      selector: { matchLabels: stackSelector(component) },
    },
  };
}

/**
 * The annotation of IAM roles for service accounts: the pods of the account
 * get `roleName`'s credentials (aws.ts creates the role and trusts this
 * account only). Also what a Helm chart's `serviceAccount.annotations` takes.
 */
export function irsaAnnotations(
  settings: Pick<StackSettings, 'awsAccountId'>,
  roleName: string,
): Record<string, string> {
  return {
    'eks.amazonaws.com/role-arn': `arn:aws:iam::${settings.awsAccountId}:role/${roleName}`,
  };
}

/** A ServiceAccount; with `roleName`, annotated with {@link irsaAnnotations}. */
export function serviceAccount(
  name: string,
  namespace: string,
  settings: Pick<StackSettings, 'awsAccountId'>,
  roleName?: string,
): IServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name,
      namespace,
      labels: stackLabels(name),
      ...(roleName ? { annotations: irsaAnnotations(settings, roleName) } : {}),
    },
  };
}

/**
 * The Pod Security Standards' `restricted` profile for a pod that runs as
 * `uid`; with {@link restrictedContainer} on each container.
 */
export function restrictedPod(uid: number): Pick<IPodSpec, 'securityContext'> {
  return {
    securityContext: {
      runAsNonRoot: true,
      runAsUser: uid,
      runAsGroup: uid,
      fsGroup: uid,
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
}

export const restrictedContainer: ISecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
};

/** The pod's own name, for flags and labels that tell replicas apart. */
export const POD_NAME_ENV = {
  name: 'POD_NAME',
  valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
};

/**
 * A cluster-wide, read-only role over core `resources` for a component's
 * ServiceAccount, and its binding: discovery and metadata lookups only.
 */
export function readOnlyClusterRole(
  component: string,
  resources: string[],
  subject: { name: string; namespace: string },
): { role: IClusterRole; binding: IClusterRoleBinding } {
  const name = `monitoring-stack-${component}`;
  const metadata = { name, labels: stackLabels(component) };
  return {
    role: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata,
      rules: [{ apiGroups: [''], resources, verbs: ['get', 'list', 'watch'] }],
    },
    binding: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata,
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name,
      },
      subjects: [{ kind: 'ServiceAccount', ...subject }],
    },
  };
}
