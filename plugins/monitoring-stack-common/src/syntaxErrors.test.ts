import { parser as logql } from '@grafana/lezer-logql';
import { parser as promql } from '@prometheus-io/lezer-promql';
import { firstSyntaxErrorAt } from './syntaxErrors';

describe('firstSyntaxErrorAt', () => {
  it.each([
    [promql, 'sum(rate(up[5m]))', undefined],
    [promql, 'sum(rate(up[5m])', 16],
    [logql, '{app="web"} |= "x"', undefined],
    [logql, '{app="web" |= "x"', 11],
  ])('finds the first error of %#', (parser, query, at) => {
    expect(firstSyntaxErrorAt(parser.parse(query))).toBe(at);
  });
});
