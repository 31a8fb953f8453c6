import { InputError } from '@backstage/errors';
import { parseQuery } from '../queries/parseQuery';

/**
 * Reads an alerting rule's query as the gateway does (`parseQuery`: empty
 * and unparsable queries are refused with the position of the problem), and
 * refuses a log query: it parses, but Loki's ruler cannot alert on it.
 * Throws an InputError naming `param`.
 * @public
 */
export function assertAlertingLogql(query: string, param: string): void {
  const tree = parseQuery('LogQL', query, param);
  if (tree.topNode.firstChild?.firstChild?.name !== 'MetricExpr') {
    throw new InputError(
      `${param}: an alert needs a metric query (e.g. count_over_time(...) > 0), not a log query`,
    );
  }
}
