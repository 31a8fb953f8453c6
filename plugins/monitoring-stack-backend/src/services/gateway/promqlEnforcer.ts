import { InputError } from '@backstage/errors';
import { SyntaxNode, Tree } from '@lezer/common';
import { firstSyntaxErrorAt } from '@internal/plugin-monitoring-stack-common';
import { parser } from '@prometheus-io/lezer-promql';
import { matcherText, TenantMatcher } from './tenantMatcher';

type Splice = { at: number; text: string };

/** Unquotes a PromQL string literal ("...", '...' or `...`). */
function unquote(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  // Go's escapes are a superset of JSON's for what matters here; normalise
  // the quote character and let JSON decode the rest.
  const json =
    quote === "'" ? body.replace(/\\'/g, "'").replace(/"/g, '\\"') : body;
  try {
    return JSON.parse(`"${json}"`);
  } catch {
    throw new InputError(`query: cannot read the string ${literal}`);
  }
}

/** Parses PromQL, refusing anything the grammar does not accept. */
export function parsePromQL(query: string, param = 'query'): Tree {
  if (query.trim() === '') {
    throw new InputError(`${param}: the query is empty`);
  }
  const tree = parser.parse(query);
  const errorAt = firstSyntaxErrorAt(tree);
  if (errorAt !== undefined) {
    throw new InputError(
      `${param}: PromQL does not parse at position ${errorAt} (near '${query.slice(
        errorAt,
        errorAt + 20,
      )}')`,
    );
  }
  return tree;
}

function selectorNodes(tree: Tree): SyntaxNode[] {
  const nodes: SyntaxNode[] = [];
  tree.iterate({
    enter(node) {
      if (node.name === 'VectorSelector') nodes.push(node.node);
    },
  });
  return nodes;
}

/** The label a matcher node constrains, and its operator and value. */
function readMatcher(node: SyntaxNode, query: string) {
  const text = (n: SyntaxNode | null) => (n ? query.slice(n.from, n.to) : '');
  const nameNode =
    node.getChild('LabelName') ?? node.getChild('QuotedLabelName');
  const name =
    nameNode?.name === 'QuotedLabelName'
      ? unquote(text(nameNode))
      : text(nameNode);
  const op = text(node.getChild('MatchOp'));
  const value = unquote(text(node.getChild('StringLiteral')));
  return { name, op, value };
}

// A regex PromQL would accept but JS cannot compile counts as "may match":
// the tenant's own matcher is still ANDed, so keeping it never widens access.
function matches(op: string, pattern: string, value: string): boolean {
  if (op === '=') return value === pattern;
  if (op === '!=') return value !== pattern;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`, 's');
  } catch {
    return true;
  }
  return op === '=~' ? re.test(value) : !re.test(value);
}

function checkUserMatchers(
  selector: SyntaxNode,
  query: string,
  tenant: TenantMatcher,
) {
  const matchers = selector.getChild('LabelMatchers');
  if (!matchers) return;
  for (const node of [
    ...matchers.getChildren('UnquotedLabelMatcher'),
    ...matchers.getChildren('QuotedLabelMatcher'),
  ]) {
    const { name, op, value } = readMatcher(node, query);
    if (name !== tenant.label) continue;
    if (!tenant.values.some(v => matches(op, value, v))) {
      throw new InputError(
        `query: the matcher ${query.slice(
          node.from,
          node.to,
        )} can never match this tenant's ${
          tenant.label
        } values (${tenant.values.join(', ')})`,
      );
    }
  }
}

function enforceSelectors(
  query: string,
  tenant: TenantMatcher,
  selectors: SyntaxNode[],
): string {
  const enforced = matcherText(tenant);
  const splices: Splice[] = [];
  for (const selector of selectors) {
    checkUserMatchers(selector, query, tenant);
    const matchers = selector.getChild('LabelMatchers');
    if (matchers) {
      // `{` is the first character of LabelMatchers; a trailing comma is valid PromQL.
      const empty =
        query.slice(matchers.from + 1, matchers.to - 1).trim() === '';
      splices.push({
        at: matchers.from + 1,
        text: empty ? enforced : `${enforced}, `,
      });
    } else {
      splices.push({ at: selector.to, text: `{${enforced}}` });
    }
  }
  let out = query;
  for (const s of splices.sort((a, b) => b.at - a.at)) {
    out = out.slice(0, s.at) + s.text + out.slice(s.at);
  }
  return out;
}

/**
 * Adds the tenant's matcher to every vector and matrix selector of a PromQL
 * query, wherever it stands (subqueries, functions, aggregations, binary
 * operations, `@` and `offset`). A user matcher on the tenant's label that
 * can never match the tenant's values is an InputError; one that narrows them
 * is kept, since Prometheus ANDs matchers.
 */
export function enforcePromQL(query: string, tenant: TenantMatcher): string {
  const tree = parsePromQL(query);
  const out = enforceSelectors(query, tenant, selectorNodes(tree));
  assertEnforced(out, tenant);
  return out;
}

/**
 * Enforces one `match[]` series selector; anything but a single selector is
 * refused, as Prometheus would.
 */
export function enforceSeriesSelector(
  selector: string,
  tenant: TenantMatcher,
): string {
  const tree = parsePromQL(selector, 'match[]');
  const top = tree.topNode.firstChild;
  if (!top || top.name !== 'VectorSelector' || top.nextSibling) {
    throw new InputError(`match[]: '${selector}' is not a series selector`);
  }
  const out = enforceSelectors(selector, tenant, [top]);
  assertEnforced(out, tenant);
  return out;
}

// Defence in depth: re-parse the result and check that every selector now
// carries the tenant's matcher, so a grammar surprise can never leak data.
function assertEnforced(query: string, tenant: TenantMatcher) {
  const tree = parsePromQL(query);
  const expected = matcherText(tenant);
  for (const selector of selectorNodes(tree)) {
    const matchers = selector.getChild('LabelMatchers');
    const carries = matchers
      ?.getChildren('UnquotedLabelMatcher')
      .some(m => query.slice(m.from, m.to) === expected);
    if (!carries) {
      throw new InputError(
        'query: could not scope every selector of the query to the tenant',
      );
    }
  }
}
