import { parser } from '@grafana/lezer-logql';
import { firstSyntaxErrorAt } from '@internal/plugin-monitoring-stack-common';

/** Why a LogQL query cannot be an alerting rule, and where. @public */
export type LogqlProblem = {
  /** 0-based offset into the query. */
  offset: number;
  line: number;
  column: number;
  message: string;
};

function positionOf(query: string, offset: number) {
  const before = query.slice(0, offset).split('\n');
  return {
    offset,
    line: before.length,
    column: before[before.length - 1].length + 1,
  };
}

/**
 * Parses a query with Grafana's LogQL grammar and returns the first problem,
 * or undefined when it is a metric query Loki's ruler can evaluate (a plain
 * log query parses but cannot alert).
 * @public
 */
export function logqlAlertProblem(query: string): LogqlProblem | undefined {
  if (query.trim() === '') {
    return { ...positionOf(query, 0), message: 'the query is empty' };
  }
  const tree = parser.parse(query);
  const errorAt = firstSyntaxErrorAt(tree);
  if (errorAt !== undefined) {
    const near = query.slice(errorAt, errorAt + 20);
    return {
      ...positionOf(query, errorAt),
      message: near ? `syntax error near '${near}'` : 'unexpected end of query',
    };
  }
  const expr = tree.topNode.firstChild?.firstChild;
  if (expr?.name !== 'MetricExpr') {
    return {
      ...positionOf(query, 0),
      message:
        'an alert needs a metric query (e.g. count_over_time(...) > 0), not a log query',
    };
  }
  return undefined;
}
