import type { INamespace } from 'kubernetes-models/v1/Namespace';
import { kube, RenderedFile } from '../files';
import { StackSettings } from './settings';
import { stackLabels } from './workload';

/**
 * The stack's two namespaces and the Pod Security level each enforces: the
 * platform namespace `restricted` (every workload there runs as its profile
 * allows); the logging namespace `privileged`, because Fluent Bit reads the
 * node's log files through a hostPath, which every other level refuses.
 * Nothing else belongs in the logging namespace.
 */
export function namespaceStackFiles(settings: StackSettings): RenderedFile[] {
  const namespace = (name: string, level: string): INamespace => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        ...stackLabels('namespace'),
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/enforce-version': 'v1.33',
      },
    },
  });
  return [
    kube(
      'namespaces/platform.yaml',
      namespace(settings.platformNamespace, 'restricted'),
    ),
    kube(
      'namespaces/logging.yaml',
      namespace(settings.loggingNamespace, 'privileged'),
    ),
  ];
}
