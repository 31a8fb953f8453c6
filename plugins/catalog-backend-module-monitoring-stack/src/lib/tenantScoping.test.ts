import {
  matcherText,
  parseTenant,
  tenantMatcher,
  tenantNamespaceNames,
  unquoteGoString,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { renderTenantFiles } from '@tenant-monitoring/plugin-scaffolder-backend-module-monitoring-stack';
import { TEST_RENDER_SETTINGS } from '@tenant-monitoring/plugin-scaffolder-backend-module-monitoring-stack/testUtils';
import { parser } from '@prometheus-io/lezer-promql';
import yaml from 'yaml';
import { tenantToEntities } from './tenantEntities';

/**
 * Other plugins' annotations must select exactly what the gateway lets the
 * tenant see, and what the render action labels, whatever the tenant id.
 */
const AWKWARD = [
  { id: 'ops(1)', seriesLabel: 'tenant_id', namespaces: { eks: ['ops'] } },
  { id: 'a.b', seriesLabel: 'tenant_id', namespaces: { eks: ['ab-ns'] } },
  { id: 'x*y', seriesLabel: 'tenant_id', namespaces: { eks: ['xy'] } },
  { id: 'Team_A', namespaces: { eks: ['team-a'] } },
  {
    id: 'multi',
    namespaces: { eks: ['b-ns', 'a-ns'], 'eks-2': ['c-ns', 'a-ns'] },
  },
  { id: 'a!b', namespaces: { eks: ['ab'] } },
].map(t => parseTenant({ owner: 'group:default/ops', ...t }));

const RENDER_SETTINGS = TEST_RENDER_SETTINGS;

/** The one matcher of `{<annotation>}`, read with Prometheus' own grammar. */
function readMatcher(annotation: string) {
  const query = `{${annotation}}`;
  const tree = parser.parse(query);
  const nodes: { name: string; text: string }[] = [];
  let error = false;
  tree.iterate({
    enter: n => {
      if (n.type.isError) error = true;
      nodes.push({ name: n.name, text: query.slice(n.from, n.to) });
    },
  });
  expect(error).toBe(false);
  expect(nodes.filter(n => n.name === 'UnquotedLabelMatcher')).toHaveLength(1);
  const text = (name: string) => nodes.find(n => n.name === name)!.text;
  return {
    label: text('LabelName'),
    op: text('MatchOp'),
    value: unquoteGoString(text('StringLiteral')),
  };
}

/**
 * `prometheus.io/labels` read the way Roadie's Prometheus plugin reads it
 * (`useAlerts` in its `usePrometheus.ts`): split at `,`, each pair at its
 * first `=`.
 */
function roadieLabels(annotation: string): Record<string, string> {
  return Object.fromEntries(
    annotation.split(',').map(label => label.split(/=(.*)/s)),
  );
}

/** Whether Roadie's alert table keeps an alert with these labels. */
function roadieShows(
  parsed: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  return Object.keys(parsed).every(key => labels[key] === parsed[key]);
}

/** Strings that a loose matcher of `values` would also match. */
function nearMisses(values: string[]): string[] {
  const out = new Set<string>([values.join('|'), values.join(''), '', '.*']);
  for (const v of values) {
    out.add(`${v}x`);
    out.add(`x${v}`);
    out.add(`${v}${v}`);
    out.add(v.replace(/[^A-Za-z0-9-]/g, ''));
    for (let i = 0; i < v.length; i++) {
      out.add(v.slice(0, i) + v.slice(i + 1));
      out.add(`${v.slice(0, i)}x${v.slice(i + 1)}`);
      out.add(`${v.slice(0, i)}${v[i]}${v.slice(i)}`);
    }
  }
  return [...out].filter(s => !values.includes(s));
}

/** What the Kubernetes label selector `key=value` matches. */
function selects(selector: string, labels: Record<string, string> = {}) {
  const [key, value] = selector.split('=');
  return labels[key] === value;
}

describe.each(AWKWARD.map(t => [t.id, t] as const))(
  'the scoping annotations of tenant %p',
  (_id, tenant) => {
    const annotations = tenantToEntities(tenant, 'config')[0].metadata
      .annotations!;
    const expected = tenantMatcher({
      id: tenant.id,
      seriesLabel: tenant.seriesLabel,
      namespaces: tenantNamespaceNames(tenant),
    });

    // The gateway's own matcher, read with Prometheus' grammar.
    const gatewayMatcher = () => readMatcher(matcherText(expected));

    if (expected.values.length === 1) {
      it("prometheus.io/labels is the gateway's matcher in Roadie's format, and keeps the tenant's alerts only", () => {
        const gateway = gatewayMatcher();
        expect(gateway.op).toBe('=');
        expect(annotations['prometheus.io/alert']).toBe('all');
        const parsed = roadieLabels(annotations['prometheus.io/labels']);
        expect(parsed).toEqual({ [gateway.label]: gateway.value });
        const shows = (value: string) =>
          roadieShows(parsed, { alertname: 'Up', [gateway.label]: value });
        for (const value of expected.values) {
          expect([value, shows(value)]).toEqual([value, true]);
        }
        for (const miss of nearMisses(expected.values)) {
          expect([miss, shows(miss)]).toEqual([miss, false]);
        }
        expect(roadieShows(parsed, { alertname: 'Up' })).toBe(false);
      });
      it("prometheus.io/rule, split as Roadie splits it, is one valid query scoped by the gateway's matcher", () => {
        const rule = annotations['prometheus.io/rule'];
        const tuples = rule.split(',').map(t => t.split('|'));
        expect(tuples).toHaveLength(1);
        const [[query, legend]] = tuples;
        expect(legend).toBe(expected.label);
        let error = false;
        parser.parse(query).iterate({
          enter: n => {
            if (n.type.isError) error = true;
          },
        });
        expect(error).toBe(false);
        const selector = query.match(/\(up\{(.*)\}\)$/)![1];
        expect(readMatcher(selector)).toEqual(gatewayMatcher());
        expect(annotations['prometheus.io/service-name']).toBe(tenant.id);
      });
    } else {
      it("leaves out prometheus.io/labels, whose format cannot OR the tenant's values, and leaves the graph's scope to the gateway", () => {
        expect(gatewayMatcher().op).toBe('=~');
        expect(annotations).not.toHaveProperty(['prometheus.io/labels']);
        // The gateway answers as the tenant the service name names.
        expect(annotations['prometheus.io/service-name']).toBe(tenant.id);
        expect(annotations['prometheus.io/alert']).toBe('all');
        expect(annotations['prometheus.io/rule']).toBe(
          `sum by (${expected.label}) (up)|${expected.label}`,
        );
      });
    }

    const objects = renderTenantFiles(tenant, RENDER_SETTINGS)
      .flatMap(f => yaml.parseAllDocuments(f.content).map(d => d.toJS()))
      .filter(doc => doc?.kind && doc?.metadata);
    const namespaces = objects.filter(o => o.kind === 'Namespace');
    const selector = annotations['backstage.io/kubernetes-label-selector'];

    it("backstage.io/kubernetes-label-selector selects the render action's Namespaces, or is left out", () => {
      const name = (o: { metadata: { name: string } }) => o.metadata.name;
      // The Namespaces, and every object that carries the tenant label.
      const labelled = objects.filter(
        o =>
          o.kind === 'Namespace' ||
          o.metadata.labels?.['monitoring-stack.io/tenant'] !== undefined,
      );
      const selected = labelled.filter(
        o => selector !== undefined && selects(selector, o.metadata.labels),
      );
      // Without a selector (the id is no label value) nothing is labelled.
      expect(selected.map(name)).toEqual(labelled.map(name));
      expect(namespaces.map(name).sort()).toEqual(
        selector === undefined ? [] : tenantNamespaceNames(tenant),
      );
    });
  },
);

it('leaves the label selector out exactly for ids that are no label values', () => {
  const without = AWKWARD.filter(
    t =>
      !tenantToEntities(t, 'config')[0].metadata.annotations![
        'backstage.io/kubernetes-label-selector'
      ],
  ).map(t => t.id);
  expect(without).toEqual(['ops(1)', 'x*y', 'a!b']);
});
