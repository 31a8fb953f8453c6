import yaml from 'yaml';
import { RenderedFile, RenderedFileFormat } from './files';
import {
  cloudFormationResourceProblems,
  cloudFormationTemplateProblems,
} from './validate/cloudFormation';
import { kubernetesSchemaProblems } from './validate/kubernetes';
import { kubernetesSdProblems } from './validate/kubernetesSd';
import {
  checkWithTool,
  CONFIG_TOOLS,
  ToolCheckedFormat,
} from './validate/tools';

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
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet': {
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
  const all = [...problems, ...kindProblems(doc)];
  // The schema is checked once what the API server needs is there.
  return all.length > 0 ? all : kubernetesSchemaProblems(doc);
}

/**
 * The `AWS::S3::Bucket` properties (`BucketName`, `LifecycleConfiguration`)
 * of the shared buckets, keyed by logical id, checked as bucket resources.
 */
function bucketPropertiesProblems(doc: Obj): string[] {
  return Object.entries(doc).flatMap(([id, properties]) =>
    cloudFormationResourceProblems(
      { Type: 'AWS::S3::Bucket', Properties: properties },
      id,
    ).map(p => p.replace(`${id}.Properties`, id)),
  );
}

function guessFormat(doc: Obj): RenderedFileFormat | undefined {
  if ('kind' in doc) return 'kubernetes';
  if ('AWSTemplateFormatVersion' in doc) return 'cloudformation';
  return undefined;
}

/** Problems of one parsed document of a file in the given format. */
function problemsOf(
  doc: Obj,
  format: RenderedFileFormat | undefined,
): string[] {
  switch (format ?? guessFormat(doc)) {
    case 'kubernetes':
      return kubernetesProblems(doc);
    case 'cloudformation':
      return cloudFormationTemplateProblems(doc);
    case 's3-bucket-properties':
      return bucketPropertiesProblems(doc);
    case 'prometheus-config':
      return kubernetesSdProblems(doc);
    default:
      return [];
  }
}

/**
 * Checks rendered files before anything is written: every file parses as
 * YAML; Kubernetes objects carry what the API server needs for their kind
 * and pass the OpenAPI schema of their kind (Kubernetes 1.33, and the
 * external-secrets CRD for an ExternalSecret); CloudFormation templates and
 * bucket properties pass the CloudFormation resource specification. Returns
 * the problems as `path[document]: problem`. The Prometheus and Alertmanager
 * files are checked by their own tools in {@link validateBundle}.
 * @public
 */
export function validateManifests(files: RenderedFile[]): string[] {
  return files.flatMap(file => {
    // Fluent Bit's classic format is not YAML; no checker of it is packaged.
    if (file.format === 'fluent-bit-config') return [];
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
      return problemsOf(value, file.format).map(p => `${where}: ${p}`);
    });
  });
}

/**
 * Everything {@link validateManifests} checks, and each Prometheus config,
 * Prometheus rule file and Alertmanager config through the real tools
 * (`promtool check config`, `promtool check rules`, `amtool check-config`).
 * A missing tool throws, naming the Debian package that has it.
 * @public
 */
export async function validateBundle(files: RenderedFile[]): Promise<string[]> {
  const problems = validateManifests(files);
  for (const file of files) {
    if (file.format && file.format in CONFIG_TOOLS) {
      const message = await checkWithTool(
        file.format as ToolCheckedFormat,
        file.content,
      );
      if (message) problems.push(`${file.path}: ${message}`);
    }
  }
  return problems;
}
