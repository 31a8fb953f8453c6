import { InputError } from '@backstage/errors';
import { SyntaxNode, Tree } from '@lezer/common';
import {
  quoteGoString,
  unquoteGoString,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/** One token of printed query text; `space` when whitespace stood before it. @public */
export type QueryToken = { text: string; space: boolean };

/** How to print a tree of one query language. @public */
export type PrintOptions = {
  /** What the language calls its string literal token. */
  stringNode: string;
  /** What the language calls its comment token. */
  commentNode: string;
  /** Characters that may stand between named tokens (the grammar's anonymous tokens). */
  punctuation: string;
  /** Changes the tokens a node prints, e.g. to add a matcher to a selector. */
  rewrite?: (node: SyntaxNode, tokens: QueryToken[]) => QueryToken[];
};

// What a named token other than a string may consist of once its inner
// whitespace is gone: printable ASCII without quotes or a comment sign.
const PLAIN_TOKEN = /^[!$-&(-_a-~]+$/;

/**
 * Prints a parsed query from its tree alone: every token the parser named,
 * the anonymous punctuation between them, single spaces where whitespace
 * stood, string literals in their canonical form, comments dropped. Any
 * character the parser did not account for is refused. The upstream then
 * reads exactly what the gateway understood: where the gateway's lexer and
 * the upstream's disagree (a comment ended by `\r`, an unusual space, an
 * escape), what reaches the upstream is the gateway's reading, never the
 * user's bytes.
 */
export function printTree(
  source: string,
  tree: Tree,
  options: PrintOptions,
  param: string,
): string {
  const tokens = printNode(
    source,
    tree.topNode,
    0,
    source.length,
    options,
    param,
  );
  return tokens
    .map((t, i) => (i > 0 && t.space ? ` ${t.text}` : t.text))
    .join('');
}

function gapTokens(
  gap: string,
  at: number,
  options: PrintOptions,
  param: string,
  state: { space: boolean },
): QueryToken[] {
  const tokens: QueryToken[] = [];
  for (let i = 0; i < gap.length; i++) {
    const c = gap[i];
    if (/\s/.test(c)) {
      state.space = true;
    } else if (options.punctuation.includes(c)) {
      tokens.push({ text: c, space: state.space });
      state.space = false;
    } else {
      throw new InputError(
        `${param}: unexpected character ${JSON.stringify(c)} at position ${
          at + i
        }`,
      );
    }
  }
  return tokens;
}

function printNode(
  source: string,
  node: SyntaxNode,
  from: number,
  to: number,
  options: PrintOptions,
  param: string,
  state = { space: false },
): QueryToken[] {
  const tokens: QueryToken[] = [];
  let cursor = from;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    tokens.push(
      ...gapTokens(
        source.slice(cursor, child.from),
        cursor,
        options,
        param,
        state,
      ),
    );
    cursor = child.to;
    if (child.name === options.commentNode) {
      state.space = true;
    } else if (child.firstChild || isPunctuation(source, child, options)) {
      // A rule node, or one whose named children are all absent (`{}`,
      // `()`): its text is punctuation between (no) tokens.
      tokens.push(
        ...printNode(
          source,
          child,
          child.from,
          child.to,
          options,
          param,
          state,
        ),
      );
    } else if (child.from < child.to) {
      tokens.push({
        text: leafText(source, child, options, param),
        space: state.space,
      });
      state.space = false;
    }
  }
  tokens.push(
    ...gapTokens(source.slice(cursor, to), cursor, options, param, state),
  );
  return options.rewrite?.(node, tokens) ?? tokens;
}

function isPunctuation(
  source: string,
  node: SyntaxNode,
  options: PrintOptions,
): boolean {
  const text = source.slice(node.from, node.to);
  return (
    node.name !== options.stringNode &&
    [...text].every(c => /\s/.test(c) || options.punctuation.includes(c))
  );
}

function leafText(
  source: string,
  leaf: SyntaxNode,
  options: PrintOptions,
  param: string,
): string {
  const text = source.slice(leaf.from, leaf.to);
  if (leaf.name === options.stringNode) {
    try {
      return quoteGoString(unquoteGoString(text));
    } catch (e) {
      throw new InputError(`${param}: ${(e as Error).message}`);
    }
  }
  // A sign and its number may stand apart (`- 5`); they are one token.
  const plain = text.replace(/\s+/g, '');
  if (!PLAIN_TOKEN.test(plain)) {
    throw new InputError(
      `${param}: unexpected token ${JSON.stringify(text)} at position ${
        leaf.from
      }`,
    );
  }
  return plain;
}
