import { parser as logqlParser } from '@grafana/lezer-logql';
import { firstSyntaxErrorAt } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';

/** The query languages of the query boxes. */
export type QueryLanguage = 'PromQL' | 'LogQL';

/**
 * The offset of the first syntax error of `query`, or undefined when it
 * parses; the same parsers as the gateway's, so the box says before the
 * gateway's 400 does.
 */
export function syntaxErrorAt(
  language: QueryLanguage,
  query: string,
): number | undefined {
  if (!query.trim()) return undefined;
  const parser = language === 'PromQL' ? promqlParser : logqlParser;
  return firstSyntaxErrorAt(parser.parse(query));
}

/** Line and column (1-based) of an offset, as the error message says it. */
export function lineAndColumn(
  query: string,
  offset: number,
): { line: number; column: number } {
  const before = query.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
