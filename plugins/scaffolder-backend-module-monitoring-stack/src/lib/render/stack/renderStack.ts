import { Tenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import path from 'node:path';
import { RenderedFile, toYaml } from '../files';
import { alertmanagerStackFiles } from './alertmanager';
import { awsStackFiles } from './aws';
import { fluentBitStackFiles } from './fluentBit';
import { lokiStackFiles } from './loki';
import { namespaceStackFiles } from './namespaces';
import { prometheusStackFiles } from './prometheus';
import { StackSettings } from './settings';
import { thanosStackFiles } from './thanos';

/**
 * Each folder's `kustomization.yaml`: its Kubernetes objects as resources,
 * and a ConfigMap generated from the files that name one, so that
 * `kubectl apply -k <folder>` applies the folder and a changed file rolls
 * the pods that mount it (kustomize appends a hash of the content to the
 * ConfigMap's name and rewrites the references).
 */
function kustomizations(files: RenderedFile[]): RenderedFile[] {
  const folders = new Map<string, RenderedFile[]>();
  for (const file of files) {
    const folder = file.path.split('/')[0];
    if (file.format === 'kubernetes' || file.configMap) {
      folders.set(folder, [...(folders.get(folder) ?? []), file]);
    }
  }
  return [...folders].map(([folder, inFolder]) => {
    const generators = new Map<
      string,
      { namespace: string; files: string[] }
    >();
    for (const file of inFolder) {
      if (!file.configMap) continue;
      const { name, namespace } = file.configMap;
      const relative = path.posix.relative(folder, file.path);
      const generator = generators.get(name) ?? { namespace, files: [] };
      generator.files.push(`${path.posix.basename(relative)}=${relative}`);
      generators.set(name, generator);
    }
    const kustomization = {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: inFolder
        .filter(f => f.format === 'kubernetes')
        .map(f => path.posix.relative(folder, f.path)),
      ...(generators.size > 0
        ? {
            configMapGenerator: [...generators].map(([name, g]) => ({
              name,
              namespace: g.namespace,
              files: g.files,
            })),
          }
        : {}),
    };
    return {
      path: `${folder}/kustomization.yaml`,
      content: toYaml(kustomization),
      format: 'config' as const,
    };
  });
}

/**
 * Every file of the shared stack's bundle, relative to its folder, for the
 * tenants the portal knows: their scrape rules, alert routes, log routing
 * and retention are merged here into the stack's own configuration, where
 * the real tools check them together. Pure: the same tenants and settings
 * always give the same files.
 * @public
 */
export function renderStackFiles(
  tenants: Tenant[],
  settings: StackSettings,
): RenderedFile[] {
  const sorted = [...tenants].sort((a, b) => (a.id < b.id ? -1 : 1));
  const files = [
    ...namespaceStackFiles(settings),
    ...prometheusStackFiles(sorted, settings),
    ...alertmanagerStackFiles(sorted, settings),
    ...thanosStackFiles(sorted, settings),
    ...lokiStackFiles(sorted, settings),
    ...fluentBitStackFiles(sorted, settings),
    ...awsStackFiles(sorted, settings),
  ];
  return [...files, ...kustomizations(files)];
}
