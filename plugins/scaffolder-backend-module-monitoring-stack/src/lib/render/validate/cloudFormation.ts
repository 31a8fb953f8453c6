import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * Property types of the CloudFormation resource specification, as
 * `@aws-cdk/aws-service-spec` carries them (generated from CloudFormation's
 * registry schemas).
 */
type SpecType =
  | { type: 'string'; allowedValues?: string[] }
  | { type: 'integer' | 'number' | 'boolean' | 'json' | 'date-time' | 'tag' }
  | { type: 'null' }
  | { type: 'array' | 'map'; element: SpecType }
  | { type: 'union'; types: SpecType[] }
  | { type: 'ref'; reference: { $ref: string } };
type SpecProperty = { type: SpecType; required?: boolean };
type SpecShape = { name: string; properties: Record<string, SpecProperty> };

type SpecDatabase = {
  resources: Map<string, SpecShape>;
  types: Map<string, SpecShape>;
};

let database: SpecDatabase | undefined;

/** Reads the specification once; it is only needed when a bundle is validated. */
function spec(): SpecDatabase {
  if (!database) {
    const dir = path.dirname(
      require.resolve('@aws-cdk/aws-service-spec/package.json'),
    );
    const db = JSON.parse(
      zlib
        .gunzipSync(fs.readFileSync(path.join(dir, 'db.json.gz')))
        .toString('utf8'),
    );
    const shape = (e: any): SpecShape => ({
      name: e.cloudFormationType ?? e.name,
      properties: e.properties ?? {},
    });
    database = {
      resources: new Map(
        db.schema.resource.entities.map((e: any) => [
          e.cloudFormationType,
          shape(e),
        ]),
      ),
      types: new Map(
        db.schema.typeDefinition.entities.map((e: any) => [e.$id, shape(e)]),
      ),
    };
  }
  return database;
}

const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy',
]);

const isObject = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{ Ref: … }` and `{ "Fn::…": … }` stand for a value CloudFormation computes. */
const isIntrinsic = (v: unknown) => {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
};

function typeProblems(
  db: SpecDatabase,
  type: SpecType,
  value: unknown,
  where: string,
): string[] {
  if (isIntrinsic(value)) return [];
  switch (type.type) {
    case 'string':
      if (!['string', 'number', 'boolean'].includes(typeof value)) {
        return [`${where}: must be a string`];
      }
      if (type.allowedValues && !type.allowedValues.includes(String(value))) {
        return [
          `${where}: '${value}' is not one of ${type.allowedValues.join(', ')}`,
        ];
      }
      return [];
    case 'integer':
    case 'number': {
      const n = typeof value === 'string' ? Number(value) : value;
      if (typeof n !== 'number' || Number.isNaN(n)) {
        return [`${where}: must be a number`];
      }
      return type.type === 'integer' && !Number.isInteger(n)
        ? [`${where}: must be an integer`]
        : [];
    }
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false'
        ? []
        : [`${where}: must be a boolean`];
    case 'date-time':
      return typeof value === 'string' ? [] : [`${where}: must be a date`];
    case 'tag':
      return isObject(value) && 'Key' in value && 'Value' in value
        ? []
        : [`${where}: must be a tag { Key, Value }`];
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((v, i) =>
            typeProblems(db, type.element, v, `${where}[${i}]`),
          )
        : [`${where}: must be a list`];
    case 'map':
      return isObject(value)
        ? Object.entries(value).flatMap(([k, v]) =>
            typeProblems(db, type.element, v, `${where}.${k}`),
          )
        : [`${where}: must be a map`];
    case 'union':
      return type.types.some(
        t => typeProblems(db, t, value, where).length === 0,
      )
        ? []
        : [`${where}: matches none of its types`];
    case 'ref': {
      const shape = db.types.get(type.reference.$ref);
      if (!shape) return [];
      return isObject(value)
        ? shapeProblems(db, shape, value, where)
        : [`${where}: must be a ${shape.name} object`];
    }
    default:
      return [];
  }
}

function shapeProblems(
  db: SpecDatabase,
  shape: SpecShape,
  value: Record<string, unknown>,
  where: string,
): string[] {
  const unknown = Object.keys(value)
    .filter(name => !(name in shape.properties))
    .map(name => `${where}.${name}: ${shape.name} has no property ${name}`);
  const problems = Object.entries(shape.properties).flatMap(([name, p]) => {
    if (value[name] === undefined) {
      return p.required
        ? [`${where}.${name}: required by ${shape.name} is missing`]
        : [];
    }
    return typeProblems(db, p.type, value[name], `${where}.${name}`);
  });
  return [...unknown, ...problems];
}

/**
 * Checks one resource against its type in the CloudFormation resource
 * specification: the type exists, every property is one of the type's,
 * required properties are there, and values have the property's type
 * (allowed values too), down through nested property types.
 * @public
 */
export function cloudFormationResourceProblems(
  resource: unknown,
  where: string,
): string[] {
  if (!isObject(resource)) return [`${where}: must be a mapping`];
  if (typeof resource.Type !== 'string') return [`${where}.Type is missing`];
  const db = spec();
  const shape = db.resources.get(resource.Type);
  if (!shape) {
    return [
      `${where}.Type: ${resource.Type} is no CloudFormation resource type`,
    ];
  }
  const keys = Object.keys(resource)
    .filter(k => !RESOURCE_KEYS.has(k))
    .map(k => `${where}.${k}: is no resource attribute`);
  const properties = resource.Properties ?? {};
  if (!isObject(properties)) return [`${where}.Properties: must be a mapping`];
  return [
    ...keys,
    ...shapeProblems(db, shape, properties, `${where}.Properties`),
  ];
}

/** Every `Ref` target in a value. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k === 'Ref' && typeof v === 'string' ? [v] : refs(v),
  );
}

/**
 * Checks a CloudFormation template: every resource against the resource
 * specification, and every `Ref` and `DependsOn` naming a resource, a
 * parameter or a pseudo parameter of the template.
 * @public
 */
export function cloudFormationTemplateProblems(
  template: Record<string, any>,
): string[] {
  const resources = template.Resources;
  if (!isObject(resources) || Object.keys(resources).length === 0) {
    return ['Resources is empty'];
  }
  const known = new Set([
    ...Object.keys(resources),
    ...Object.keys(template.Parameters ?? {}),
  ]);
  const resolvable = (name: string) =>
    known.has(name) || name.startsWith('AWS::');
  const problems = Object.entries(resources).flatMap(([id, resource]) => [
    ...cloudFormationResourceProblems(resource, `Resources.${id}`),
    ...[(resource as any)?.DependsOn ?? []]
      .flat()
      .filter((d: string) => !(d in resources))
      .map((d: string) => `Resources.${id}.DependsOn: no resource ${d}`),
  ]);
  const dangling = [...new Set(refs(template))]
    .filter(name => !resolvable(name))
    .map(name => `Ref ${name}: no resource or parameter of that name`);
  return [...problems, ...dangling];
}
