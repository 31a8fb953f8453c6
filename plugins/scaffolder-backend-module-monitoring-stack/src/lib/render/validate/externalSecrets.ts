import Ajv, { ValidateFunction } from 'ajv';
import vendored from './crds/external-secrets-v2.9.0.json';

/**
 * The external-secrets release whose CRD schemas are vendored in
 * `crds/external-secrets-v2.9.0.json`: the `openAPIV3Schema` of the served
 * `v1` version of `ExternalSecret` and `SecretStore` from its
 * `config/crds/bases`, descriptions left out.
 * @public
 */
export const EXTERNAL_SECRETS_VERSION = '2.9.0';

const mapValues = (o: unknown, f: (v: unknown) => unknown) =>
  Object.fromEntries(
    Object.entries(o as Record<string, unknown>).map(([k, v]) => [k, f(v)]),
  );

/**
 * A structural schema as the API server applies it with strict field
 * validation: an object with `properties` takes no other field unless the
 * schema keeps unknown fields.
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === 'properties' ? mapValues(value, strict) : strict(value);
  }
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    !out['x-kubernetes-preserve-unknown-fields']
  ) {
    out.additionalProperties = false;
  }
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>();

/** The schema check of an `external-secrets.io/v1` object; undefined for another kind. */
export function externalSecretsProblems(doc: {
  apiVersion?: unknown;
  kind?: unknown;
}): string[] | undefined {
  if (doc.apiVersion !== 'external-secrets.io/v1') return undefined;
  const kind = String(doc.kind);
  const schema = (vendored.schemas as Record<string, unknown>)[kind];
  if (!schema) return undefined;
  let validate = validators.get(kind);
  if (!validate) {
    validate = ajv.compile(strict(schema) as object);
    validators.set(kind, validate);
  }
  if (validate(doc)) return [];
  return (validate.errors ?? []).map(
    e =>
      `${kind} schema (external-secrets ${EXTERNAL_SECRETS_VERSION}): ${
        e.instancePath || '/'
      } ${e.message}${
        e.keyword === 'additionalProperties'
          ? ` '${(e.params as any).additionalProperty}'`
          : ''
      }`,
  );
}
