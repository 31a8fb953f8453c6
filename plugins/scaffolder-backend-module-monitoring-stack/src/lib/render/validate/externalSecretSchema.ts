/**
 * The part of the `ExternalSecret` schema (`external-secrets.io/v1beta1`)
 * the renderer uses, vendored from the openAPIV3Schema of the
 * external-secrets CRD (`config/crds/bases/external-secrets.io_externalsecrets.yaml`).
 * Fields the renderer does not write are left open (`dataFrom`, the target
 * template); the fields it writes are checked with their types, enums,
 * patterns and required properties, and unknown fields are refused as the
 * API server's strict field validation refuses them.
 */
const NAME = {
  type: 'string',
  minLength: 1,
  maxLength: 253,
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
};

const STORE_REF = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: ['SecretStore', 'ClusterSecretStore'] },
    name: NAME,
  },
};

export const EXTERNAL_SECRET_V1BETA1_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'external-secrets.io/v1beta1' },
    kind: { const: 'ExternalSecret' },
    metadata: {
      type: 'object',
      required: ['name', 'namespace'],
      properties: {
        name: NAME,
        namespace: { type: 'string' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        annotations: {
          type: 'object',
          additionalProperties: { type: 'string' },
        },
      },
    },
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: {
        refreshInterval: { type: 'string' },
        secretStoreRef: STORE_REF,
        target: {
          type: 'object',
          additionalProperties: false,
          properties: {
            creationPolicy: {
              type: 'string',
              enum: ['Owner', 'Orphan', 'Merge', 'None'],
            },
            deletionPolicy: {
              type: 'string',
              enum: ['Delete', 'Merge', 'Retain'],
            },
            immutable: { type: 'boolean' },
            name: NAME,
            template: { type: 'object' },
          },
        },
        data: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['remoteRef', 'secretKey'],
            properties: {
              secretKey: {
                type: 'string',
                minLength: 1,
                maxLength: 253,
                pattern: '^[-._a-zA-Z0-9]+$',
              },
              remoteRef: {
                type: 'object',
                additionalProperties: false,
                required: ['key'],
                properties: {
                  key: { type: 'string' },
                  property: { type: 'string' },
                  version: { type: 'string' },
                  conversionStrategy: {
                    type: 'string',
                    enum: ['Default', 'Unicode'],
                  },
                  decodingStrategy: {
                    type: 'string',
                    enum: ['Auto', 'Base64', 'Base64URL', 'None'],
                  },
                  metadataPolicy: { type: 'string', enum: ['None', 'Fetch'] },
                },
              },
              sourceRef: { type: 'object' },
            },
          },
        },
        dataFrom: { type: 'array' },
      },
    },
  },
} as const;
