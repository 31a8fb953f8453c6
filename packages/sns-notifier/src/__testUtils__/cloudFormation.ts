import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// yaml is hoisted in the workspace (a dependency of @backstage/cli).
import { parse, type Tags } from 'yaml';

// CloudFormation's short-form intrinsic functions, resolved to their long form.
const FUNCTIONS = [
  'Ref',
  'GetAtt',
  'Sub',
  'Join',
  'If',
  'Not',
  'Equals',
  'Select',
  'Split',
  'GetAZs',
  'Base64',
  'FindInMap',
  'ImportValue',
  'And',
  'Or',
  'Condition',
];
const longName = (fn: string) =>
  fn === 'Ref' || fn === 'Condition' ? fn : `Fn::${fn}`;
const customTags: Tags = FUNCTIONS.flatMap(fn => [
  {
    tag: `!${fn}`,
    // !GetAtt Resource.Attribute is the short form of ['Resource', 'Attribute'].
    resolve: (value: string) => ({
      [longName(fn)]: fn === 'GetAtt' ? value.split('.') : value,
    }),
  },
  {
    tag: `!${fn}`,
    collection: 'seq' as const,
    resolve: (seq: any) => ({ [longName(fn)]: seq.toJSON() }),
  },
  {
    tag: `!${fn}`,
    collection: 'map' as const,
    resolve: (map: any) => ({ [longName(fn)]: map.toJSON() }),
  },
]);

export type Template = {
  Parameters: Record<string, unknown>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, { Type: string; Properties: any }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
};

/** A CloudFormation template (YAML with short-form functions) as its long form. */
export function parseCloudFormation(text: string): Template {
  return parse(text, { customTags });
}

/** `cloudformation/notifier.yaml`. */
export const notifierTemplate: Template = parseCloudFormation(
  readFileSync(join(__dirname, '../../cloudformation/notifier.yaml'), 'utf8'),
);

/**
 * A template fragment with `Ref`, `Fn::GetAtt` and `Fn::Sub` replaced by
 * `values` (`Name`, or `Resource.Attribute`); throws on one it lacks.
 */
export function resolveIntrinsics(
  node: unknown,
  values: Record<string, string>,
): any {
  const value = (name: string) => {
    if (!(name in values)) throw new Error(`unresolved ${name}`);
    return values[name];
  };
  if (Array.isArray(node)) return node.map(n => resolveIntrinsics(n, values));
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node);
  if (entries.length === 1) {
    const [[fn, arg]] = entries;
    if (fn === 'Ref') return value(arg as string);
    if (fn === 'Fn::GetAtt') return value((arg as string[]).join('.'));
    if (fn === 'Fn::Sub') {
      return (arg as string).replace(/\$\{([^}]+)\}/g, (_, name) =>
        value(name),
      );
    }
  }
  return Object.fromEntries(
    entries.map(([k, v]) => [k, resolveIntrinsics(v, values)]),
  );
}
