import { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { parsePromQL } from '../../promqlEnforcer';
import { quoteMeta } from '@tenant-monitoring/plugin-monitoring-stack-common';

/** A label matcher with its value unquoted. */
export type Matcher = { name: string; op: string; value: string };

function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  const body = literal.slice(1, -1);
  const json = literal.startsWith("'")
    ? body.replace(/\\'/g, "'").replace(/"/g, '\\"')
    : body;
  return JSON.parse(`"${json}"`);
}

const text = (node: SyntaxNode | null, query: string) =>
  node ? query.slice(node.from, node.to) : '';

/** The matchers of a VectorSelector, the metric name folded into `__name__`. */
export function selectorMatchers(
  selector: SyntaxNode,
  query: string,
): Matcher[] {
  const out: Matcher[] = [];
  const metric = selector.getChild('Identifier');
  if (metric)
    out.push({ name: '__name__', op: '=', value: text(metric, query) });
  let child = selector.getChild('LabelMatchers')?.firstChild ?? null;
  for (; child; child = child.nextSibling) {
    if (child.name === 'QuotedLabelName') {
      // `{"metric"}` is the metric name.
      out.push({
        name: '__name__',
        op: '=',
        value: unquote(text(child.firstChild, query)),
      });
      continue;
    }
    if (
      child.name !== 'UnquotedLabelMatcher' &&
      child.name !== 'QuotedLabelMatcher'
    )
      continue;
    const nameNode =
      child.getChild('LabelName') ?? child.getChild('QuotedLabelName');
    const name =
      nameNode?.name === 'QuotedLabelName'
        ? unquote(text(nameNode.firstChild, query))
        : text(nameNode, query);
    out.push({
      name,
      op: text(child.getChild('MatchOp'), query),
      value: unquote(text(child.getChild('StringLiteral'), query)),
    });
  }
  return out;
}

/**
 * A regex that is only an alternation of literals stands for that set of
 * values: its order does not matter and one literal is an equality. Anything
 * else is left as written.
 */
function canonicalMatcher(m: Matcher): Matcher {
  if (m.op !== '=~' && m.op !== '!~') return m;
  const parts = m.value.split(/(?<!\\)\|/);
  const literals = parts.map(p => p.replace(/\\(.)/g, '$1'));
  if (!literals.every((l, i) => quoteMeta(l) === parts[i])) return m;
  const unique = [...new Set(literals)].sort();
  if (unique.length === 1)
    return { ...m, op: m.op === '=~' ? '=' : '!=', value: unique[0] };
  return { ...m, value: unique.map(quoteMeta).join('|') };
}

const printMatcher = (m: Matcher) =>
  `${JSON.stringify(m.name)}${m.op}${JSON.stringify(m.value)}`;

function print(node: SyntaxNode, query: string): string {
  if (node.name === 'VectorSelector') {
    // Matchers are ANDed: order and exact repetitions carry no meaning.
    const matchers = [
      ...new Set(
        selectorMatchers(node, query).map(canonicalMatcher).map(printMatcher),
      ),
    ];
    return `{${matchers.sort().join(',')}}`;
  }
  if (node.name === 'StringLiteral')
    return JSON.stringify(unquote(text(node, query)));
  const children: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) children.push(c);
  if (children.length === 0) return `${node.name}:${text(node, query)}`;
  if (node.name === 'AggregateExpr') {
    // `sum by (x) (e)` and `sum(e) by (x)` are the same aggregation.
    const modifier = children.findIndex(c => c.name === 'AggregateModifier');
    if (modifier > 0) children.splice(1, 0, ...children.splice(modifier, 1));
  }
  return `${node.name}(${children.map(c => print(c, query)).join(' ')})`;
}

/**
 * A canonical form of a PromQL expression for semantic comparison: the
 * printed syntax tree without whitespace, with selectors as sorted, deduplicated
 * matcher sets (`__name__` included), strings re-quoted and aggregation
 * modifiers in one place. Throws on PromQL that does not parse.
 */
export function normalisePromQL(query: string): string {
  parsePromQL(query);
  return print(parser.parse(query).topNode, query);
}

/** The matchers of every vector selector of a query. */
export function allSelectorMatchers(query: string): Matcher[][] {
  const tree = parsePromQL(query);
  const out: Matcher[][] = [];
  tree.iterate({
    enter(node) {
      if (node.name === 'VectorSelector')
        out.push(selectorMatchers(node.node, query));
    },
  });
  return out;
}

/** Parses a matcher text such as `namespace=~"a|b"`. */
export function parseMatcher(matcher: string): Matcher {
  const [selector] = allSelectorMatchers(`{${matcher}}`);
  if (selector?.length !== 1) throw new Error(`not one matcher: ${matcher}`);
  return selector[0];
}

/** True when `query` carries `enforced` (exactly) on every one of its selectors. */
export function everySelectorCarries(query: string, enforced: string): boolean {
  const want = printMatcher(parseMatcher(enforced));
  return allSelectorMatchers(query).every(ms =>
    ms.map(printMatcher).includes(want),
  );
}
