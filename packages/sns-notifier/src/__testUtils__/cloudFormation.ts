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
