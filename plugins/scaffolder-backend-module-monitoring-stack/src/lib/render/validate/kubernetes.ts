import Ajv from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { EXTERNAL_SECRET_V1BETA1_SCHEMA } from './externalSecretSchema';

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
  'apps/v1/Deployment': Deployment,
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validateExternalSecret = ajv.compile(EXTERNAL_SECRET_V1BETA1_SCHEMA);

/**
 * Checks a Kubernetes object against the OpenAPI schema of its kind: the
 * upstream schemas of Kubernetes {@link KUBERNETES_SCHEMA_VERSION} through
 * `kubernetes-models`, and the external-secrets CRD's schema for an
 * `ExternalSecret`. A kind with no schema here is a problem too, so nothing
 * is rendered unchecked.
 * @public
 */
export function kubernetesSchemaProblems(doc: Record<string, any>): string[] {
  const type = `${doc.apiVersion}/${doc.kind}`;
  if (type === 'external-secrets.io/v1beta1/ExternalSecret') {
    if (validateExternalSecret(doc)) return [];
    return (validateExternalSecret.errors ?? []).map(
      e =>
        `ExternalSecret schema: ${e.instancePath || '/'} ${e.message}${
          e.keyword === 'additionalProperties'
            ? ` '${(e.params as any).additionalProperty}'`
            : ''
        }`,
    );
  }
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
