import { InputError } from '@backstage/errors';
import { Tree } from '@lezer/common';
import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { firstSyntaxErrorAt } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { printTree, PrintOptions, QueryToken } from './printTree';

/** A query language the gateway reads. @public */
export type QueryLanguage = 'PromQL' | 'LogQL';

const LANGUAGES = {
  PromQL: {
    parser: promqlParser,
    print: {
      stringNode: 'StringLiteral',
      commentNode: 'LineComment',
      punctuation: '(){}[],:',
    },
  },
  LogQL: {
    parser: logqlParser,
    print: {
      stringNode: 'String',
      commentNode: 'LineComment',
      punctuation: '(){}[],:',
    },
  },
} as const;

/** Parses a query, refusing an empty one and anything the grammar does not accept. @public */
export function parseQuery(
  language: QueryLanguage,
  query: string,
  param = 'query',
): Tree {
  if (query.trim() === '') {
    throw new InputError(`${param}: the query is empty`);
  }
  const tree = LANGUAGES[language].parser.parse(query);
  const errorAt = firstSyntaxErrorAt(tree);
  if (errorAt !== undefined) {
    throw new InputError(
      `${param}: ${language} does not parse at position ${errorAt} (near '${query.slice(
        errorAt,
        errorAt + 20,
      )}')`,
    );
  }
  return tree;
}

/**
 * The text of a parsed query as the gateway understood it (see
 * `printTree`); `rewrite` may change what a node prints.
 * @public
 */
export function printQuery(
  language: QueryLanguage,
  query: string,
  tree: Tree,
  options: {
    param?: string;
    rewrite?: PrintOptions['rewrite'];
  } = {},
): string {
  return printTree(
    query,
    tree,
    { ...LANGUAGES[language].print, rewrite: options.rewrite },
    options.param ?? 'query',
  );
}

/**
 * Parses and prints a query: what an upstream may receive. The printed text
 * must read back as itself, else the printer and the grammar disagree, and
 * the query is refused rather than forwarded.
 * @public
 */
export function canonicalQuery(
  language: QueryLanguage,
  query: string,
  param = 'query',
): string {
  const printed = printQuery(
    language,
    query,
    parseQuery(language, query, param),
    {
      param,
    },
  );
  assertFixedPoint(language, printed, param);
  return printed;
}

/** Refuses printed text that does not print back as itself. @public */
export function assertFixedPoint(
  language: QueryLanguage,
  printed: string,
  param = 'query',
): Tree {
  const tree = parseQuery(language, printed, param);
  if (printQuery(language, printed, tree, { param }) !== printed) {
    throw new InputError(
      `${param}: the query could not be read unambiguously; write it more plainly`,
    );
  }
  return tree;
}

export type { QueryToken };
