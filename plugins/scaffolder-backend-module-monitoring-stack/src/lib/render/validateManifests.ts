import yaml from 'yaml';
import { RenderedFile } from './renderTenant';

/** Kinds we render that are not namespaced. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
]);

type Obj = Record<string, any>;
const isObject = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function kindProblems(doc: Obj): string[] {
  const spec = doc.spec;
  switch (doc.kind) {
    case 'Deployment': {
      const problems: string[] = [];
      const matchLabels: Obj = spec?.selector?.matchLabels;
      if (!isObject(matchLabels))
        problems.push('spec.selector.matchLabels is missing');
      const podLabels: Obj = spec?.template?.metadata?.labels ?? {};
      for (const [key, value] of Object.entries(matchLabels ?? {})) {
        if (podLabels[key] !== value) {
          problems.push(
            `spec.template.metadata.labels does not match selector ${key}=${value}`,
          );
        }
      }
      const containers = spec?.template?.spec?.containers;
      if (!Array.isArray(containers) || containers.length === 0) {
        problems.push('spec.template.spec.containers is empty');
      } else {
        containers.forEach((c: Obj, i: number) => {
          if (!c?.name)
            problems.push(
              `spec.template.spec.containers[${i}].name is missing`,
            );
          if (!c?.image)
            problems.push(
              `spec.template.spec.containers[${i}].image is missing`,
            );
        });
      }
      return problems;
    }
    case 'Service':
      return [
        ...(Array.isArray(spec?.ports) && spec.ports.length > 0
          ? []
          : ['spec.ports is empty']),
        ...(isObject(spec?.selector) ? [] : ['spec.selector is missing']),
      ];
    case 'ConfigMap':
      return isObject(doc.data) && Object.keys(doc.data).length > 0
        ? []
        : ['data is empty'];
    default:
      return [];
  }
}

function kubernetesProblems(doc: Obj): string[] {
  const problems: string[] = [];
  if (typeof doc.apiVersion !== 'string')
    problems.push('apiVersion is missing');
  if (!doc.metadata?.name) problems.push('metadata.name is missing');
  if (!CLUSTER_SCOPED.has(doc.kind) && !doc.metadata?.namespace) {
    problems.push('metadata.namespace is missing');
  }
  return [...problems, ...kindProblems(doc)];
}

function cloudFormationProblems(doc: Obj): string[] {
  if (!isObject(doc.Resources) || Object.keys(doc.Resources).length === 0) {
    return ['Resources is empty'];
  }
  return Object.entries(doc.Resources)
    .filter(([, resource]) => typeof (resource as Obj)?.Type !== 'string')
    .map(([id]) => `Resources.${id}.Type is missing`);
}

/** Documents with a `kind` are Kubernetes objects; plain fragments only need to parse. */
function problemsOf(doc: Obj): string[] {
  if ('kind' in doc) return kubernetesProblems(doc);
  if ('AWSTemplateFormatVersion' in doc) return cloudFormationProblems(doc);
  return [];
}

/**
 * Checks rendered files before anything is written: every file parses as
 * YAML, Kubernetes objects (documents with a `kind`) carry what the API
 * server needs for their kind, and CloudFormation templates declare typed
 * resources. Returns the problems as `path[document]: problem`.
 * @public
 */
export function validateManifests(files: RenderedFile[]): string[] {
  return files.flatMap(file => {
    const docs = yaml.parseAllDocuments(file.content);
    return docs.flatMap((doc, index) => {
      const where = docs.length > 1 ? `${file.path}[${index}]` : file.path;
      if (doc.errors.length > 0) {
        return [`${where}: not valid YAML: ${doc.errors[0].message}`];
      }
      const value = doc.toJS();
      if (!isObject(value)) {
        return [`${where}: is not a YAML mapping`];
      }
      return problemsOf(value).map(p => `${where}: ${p}`);
    });
  });
}
