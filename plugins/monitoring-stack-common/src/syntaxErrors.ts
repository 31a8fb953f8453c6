import type { Tree } from '@lezer/common';

/**
 * Offset of the first syntax error in a Lezer parse tree (PromQL, LogQL),
 * or undefined when the query parsed. Lezer never throws: it marks what it
 * could not read with error nodes.
 * @public
 */
export function firstSyntaxErrorAt(tree: Tree): number | undefined {
  let at: number | undefined;
  tree.iterate({
    enter(node) {
      if (at !== undefined) return false;
      if (node.type.isError) {
        at = node.from;
        return false;
      }
      return undefined;
    },
  });
  return at;
}
