import { InputError } from '@backstage/errors';
import { SyntaxNode, Tree } from '@lezer/common';
import {
  assertFixedPoint,
  parseQuery,
  printQuery,
  QueryToken,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { RE2JS } from 're2js';
import {
  matcherText,
  quoteGoString,
  TenantMatcher,
  tenantMatcherValue,
  unquoteGoString,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/** Parses PromQL, refusing anything the grammar does not accept. */
export function parsePromQL(query: string, param = 'query'): Tree {
  return parseQuery('PromQL', query, param);
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

function unquote(literal: string, param: string): string {
  try {
    return unquoteGoString(literal);
  } catch (e) {
    throw new InputError(`${param}: ${(e as Error).message}`);
  }
}

/** The label a matcher node constrains, and its operator and value. */
function readMatcher(node: SyntaxNode, query: string, param: string) {
  const text = (n: SyntaxNode | null) => (n ? query.slice(n.from, n.to) : '');
  const nameNode =
    node.getChild('LabelName') ?? node.getChild('QuotedLabelName');
  const name =
    nameNode?.name === 'QuotedLabelName'
      ? unquote(text(nameNode), param)
      : text(nameNode);
  const op = text(node.getChild('MatchOp'));
  const value = unquote(text(node.getChild('StringLiteral')), param);
  return { name, op, value };
}

// RE2, as Prometheus uses: linear in the input, so no pattern a user sends
// can stall the event loop. A pattern RE2 cannot compile counts as "may
// match": Prometheus refuses it anyway, and the tenant's matcher is ANDed.
function matches(op: string, pattern: string, value: string): boolean {
  if (op === '=') return value === pattern;
  if (op === '!=') return value !== pattern;
  let re: RE2JS;
  try {
    re = RE2JS.compile(`^(?:${pattern})$`, RE2JS.DOTALL);
  } catch {
    return true;
  }
  const found = re.matcher(value).matches();
  return op === '=~' ? found : !found;
}

function checkUserMatchers(
  selector: SyntaxNode,
  query: string,
  tenant: TenantMatcher,
  param: string,
) {
  const matchers = selector.getChild('LabelMatchers');
  if (!matchers) return;
  for (const node of [
    ...matchers.getChildren('UnquotedLabelMatcher'),
    ...matchers.getChildren('QuotedLabelMatcher'),
  ]) {
    const { name, op, value } = readMatcher(node, query, param);
    if (name !== tenant.label) continue;
    if (!tenant.values.some(v => matches(op, value, v))) {
      throw new InputError(
        `${param}: the matcher ${query.slice(
          node.from,
          node.to,
        )} can never match this tenant's ${
          tenant.label
        } values (${tenant.values.join(', ')})`,
      );
    }
  }
}

/** The tenant's matcher as printed tokens: `label="v"` or `label=~"a|b"`. */
function tenantTokens(tenant: TenantMatcher): QueryToken[] {
  const { op, value } = tenantMatcherValue(tenant);
  return [
    { text: tenant.label, space: false },
    { text: op, space: false },
    { text: quoteGoString(value), space: false },
  ];
}

/** Puts the tenant's matcher first into every vector selector it prints. */
function addTenantMatcher(tenant: TenantMatcher) {
  const added = tenantTokens(tenant);
  return (node: SyntaxNode, tokens: QueryToken[]): QueryToken[] => {
    if (node.name !== 'VectorSelector') return tokens;
    const open = tokens.findIndex(t => t.text === '{');
    if (open < 0) {
      return [
        ...tokens,
        { text: '{', space: false },
        ...added,
        { text: '}', space: false },
      ];
    }
    const [first, ...rest] = tokens.slice(open + 1);
    if (first.text === '}')
      return [...tokens.slice(0, open + 1), ...added, first];
    return [
      ...tokens.slice(0, open + 1),
      ...added,
      { text: ',', space: false },
      { ...first, space: true },
      ...rest,
    ];
  };
}

/**
 * Prints a query from its parse tree with the tenant's matcher in every
 * vector and matrix selector, wherever it stands (subqueries, functions,
 * aggregations, binary operations, `@` and `offset`). Prometheus receives
 * only this text: comments are dropped and strings re-quoted, so nothing the
 * gateway's parser did not see as a selector can reach Prometheus as one. A
 * user matcher on the tenant's label that can never match the tenant's
 * values is an InputError; one that narrows them is kept, since Prometheus
 * ANDs matchers.
 * @public
 */
export function enforcePromQL(
  query: string,
  tenant: TenantMatcher,
  param = 'query',
): string {
  const tree = parsePromQL(query, param);
  return enforceTree(query, tree, selectorNodes(tree), tenant, param);
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
  return enforceTree(selector, tree, [top], tenant, 'match[]');
}

function enforceTree(
  query: string,
  tree: Tree,
  selectors: SyntaxNode[],
  tenant: TenantMatcher,
  param: string,
): string {
  for (const selector of selectors) {
    checkUserMatchers(selector, query, tenant, param);
  }
  const printed = printQuery('PromQL', query, tree, {
    param,
    rewrite: addTenantMatcher(tenant),
  });
  assertEnforced(printed, tenant, param);
  return printed;
}

// Defence in depth: the printed query must read back as itself, and every
// selector in it must carry the tenant's matcher.
function assertEnforced(query: string, tenant: TenantMatcher, param: string) {
  const tree = assertFixedPoint('PromQL', query, param);
  const expected = matcherText(tenant);
  for (const selector of selectorNodes(tree)) {
    const carries = selector
      .getChild('LabelMatchers')
      ?.getChildren('UnquotedLabelMatcher')
      .some(m => query.slice(m.from, m.to) === expected);
    if (!carries) {
      throw new InputError(
        `${param}: could not scope every selector of the query to the tenant`,
      );
    }
  }
}
