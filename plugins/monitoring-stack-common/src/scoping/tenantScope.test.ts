import { parser } from '@prometheus-io/lezer-promql';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { NAMESPACE_TENANT_LABEL } from '../annotations';
import { unquoteGoString } from './goStrings';
import {
  labelsMatch,
  matcherText,
  ScopedTenant,
  tenantLabelSelector,
  tenantLabelValue,
  tenantMatcher,
  tenantSelector,
} from './tenantScope';

/** The one matcher of a selector, read back the way Prometheus reads it. */
function readSelector(selector: string) {
  const tree = parser.parse(selector);
  let error = false;
  const matchers: { label: string; op: string; value: string }[] = [];
  tree.iterate({
    enter: node => {
      if (node.type.isError) error = true;
      if (node.name === 'UnquotedLabelMatcher') {
        const part = (name: string) => {
          const child = node.node.getChild(name);
          return child ? selector.slice(child.from, child.to) : '';
        };
        matchers.push({
          label: part('LabelName'),
          op: part('MatchOp'),
          value: unquoteGoString(part('StringLiteral')),
        });
      }
    },
  });
  if (error) throw new Error(`${selector} does not parse as PromQL`);
  return matchers;
}

/** Whether Prometheus' matcher would select `value` (regexes are anchored). */
function selects(m: { op: string; value: string }, value: string) {
  return m.op === '='
    ? m.value === value
    : RE2JS.compile(`^(?:${m.value})$`).matcher(value).matches();
}

const idChars = fc.constantFrom(..."abcXYZ019!-_.*'()".split(''));
const tenantId = fc
  .string({ unit: idChars, minLength: 1, maxLength: 12 })
  .filter(id => id !== '.' && id !== '..' && id !== '*');
const namespace = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/);

describe('tenant scoping', () => {
  it('writes a tenant_id selector that selects exactly the tenant id, for any id', () => {
    fc.assert(
      fc.property(tenantId, tenantId, (id, other) => {
        const tenant: ScopedTenant = {
          id,
          seriesLabel: 'tenant_id',
          namespaces: [],
        };
        const [m] = readSelector(tenantSelector(tenant));
        expect(m.label).toBe('tenant_id');
        expect(selects(m, id)).toBe(true);
        expect(selects(m, other)).toBe(other === id);
      }),
      { seed: 20261201, numRuns: 500 },
    );
  });

  it('writes a namespace selector that selects exactly the tenant namespaces', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(namespace, { minLength: 1, maxLength: 4 }),
        namespace,
        (namespaces, probe) => {
          const tenant: ScopedTenant = {
            id: 'team',
            seriesLabel: 'namespace',
            namespaces,
          };
          const [m] = readSelector(tenantSelector(tenant));
          expect(m.label).toBe('namespace');
          for (const n of namespaces) expect(selects(m, n)).toBe(true);
          expect(selects(m, probe)).toBe(namespaces.includes(probe));
          expect(labelsMatch(tenantMatcher(tenant), { namespace: probe })).toBe(
            namespaces.includes(probe),
          );
        },
      ),
      { seed: 20261201, numRuns: 500 },
    );
  });

  it.each([
    ['ops(1)', 'tenant_id="ops(1)"'],
    ["o'k", 'tenant_id="o\'k"'],
    ['a.b*', 'tenant_id="a.b*"'],
  ])('quotes the id %s as an exact match', (id, text) => {
    expect(
      matcherText(
        tenantMatcher({ id, seriesLabel: 'tenant_id', namespaces: [] }),
      ),
    ).toBe(text);
  });

  it('escapes namespaces joined into a regex', () => {
    expect(
      tenantSelector({
        id: 't',
        seriesLabel: 'namespace',
        namespaces: ['b', 'a', 'b'],
      }),
    ).toBe('{namespace=~"a|b"}');
  });

  it('refuses a namespace tenant without namespaces', () => {
    expect(() =>
      tenantMatcher({ id: 't', seriesLabel: 'namespace', namespaces: [] }),
    ).toThrow("Tenant 't' has no namespaces to scope its series to");
  });

  it.each([
    ['team-a', 'team-a'],
    ['Team_A.1', 'Team_A.1'],
    ['ops(1)', undefined],
    ['a!b', undefined],
    ['-a', undefined],
    ['a'.repeat(64), undefined],
  ])(
    'labels Kubernetes objects of tenant %s with its id when it can',
    (id, value) => {
      expect(tenantLabelValue(id)).toBe(value);
      expect(tenantLabelSelector(id)).toBe(
        value === undefined ? undefined : `${NAMESPACE_TENANT_LABEL}=${value}`,
      );
    },
  );
});
