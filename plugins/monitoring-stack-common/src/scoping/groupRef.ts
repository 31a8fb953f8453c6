import { parseEntityRef } from '@backstage/catalog-model';

/**
 * A group entity ref in its one spelling, `group:<namespace>/<name>`, so that
 * refs compare equal however config or a template wrote them. Throws, naming
 * what is wrong, when `raw` is not a group ref.
 * @public
 */
export function normalizeGroupRef(raw: string): string {
  let ref;
  try {
    ref = parseEntityRef(raw, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch (e) {
    throw new Error(`must be a group entity ref: ${(e as Error).message}`);
  }
  const kind = ref.kind.toLocaleLowerCase('en-US');
  if (kind !== 'group') {
    throw new Error(`must be a group entity ref, got kind '${ref.kind}'`);
  }
  return `${kind}:${ref.namespace}/${ref.name}`;
}
