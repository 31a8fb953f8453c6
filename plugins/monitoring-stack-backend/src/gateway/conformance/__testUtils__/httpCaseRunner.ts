import { isDeepStrictEqual } from 'node:util';
import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import { auth, tenantEntity } from '../../../__testUtils__/gatewayBackend';
import {
  alertReadMatcher,
  matcherText,
  ownsAlert,
  ScopedTenant,
  tenantMatcher,
  tenantRefFromEntity,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { silenceBelongsTo } from '../../silences';
import { ConformanceCase, readTestdata } from './caseLoader';
import { CaseOutcome, OutcomeBuilder } from './caseOutcome';
import { FakeUpstreams, UpstreamCall } from './fakeUpstreams';
import { everySelectorCarries, normalisePromQL } from './promqlNormaliser';

/** The tenant values a case's request stands for: prom-label-proxy drops empty ones. */
export function caseTenantValues(c: ConformanceCase): string[] {
  return [...new Set((c.values ?? []).filter(v => v !== ''))].sort();
}

/**
 * One tenant per distinct set of values in the cases, with a Grafana-style
 * service token each: our tenant comes from the path and the caller's
 * rights, prom-label-proxy's from a parameter.
 */
export class ConformanceTenants {
  private readonly ids = new Map<string, string>();

  constructor(cases: ConformanceCase[]) {
    for (const c of cases) {
      const key = JSON.stringify(caseTenantValues(c));
      if (c.kind === 'http' && key !== '[]' && !this.ids.has(key)) {
        this.ids.set(key, `plp-${this.ids.size + 1}`);
      }
    }
  }

  /** Every tenant id; a case without values asks for `no-such-tenant`. */
  all(): string[] {
    return [...this.ids.values()];
  }

  /**
   * The System entity of one tenant, its values as namespaces. Each tenant
   * gets a backend of its own: the cases give several tenants the same
   * namespace, and the gateway refuses tenants whose namespaces collide.
   */
  entity(id: string): Entity {
    const key = [...this.ids].find(([, v]) => v === id)![0];
    return tenantEntity(id, { namespaces: JSON.parse(key) as string[] });
  }

  /** The tenant's Grafana-style token, which may read and silence: the subject is the tenant id. */
  serviceToken(id: string) {
    return { subject: id, tenant: id, rights: ['read', 'silence'] };
  }

  /**
   * The tenant of the values and the matcher the gateway enforces for it (read
   * back from its entity, as the gateway does); a case without values asks
   * for a tenant its caller may not read.
   */
  tenantFor(values: string[]): {
    id: string;
    subject: string;
    scoped?: ScopedTenant;
  } {
    const key = JSON.stringify(values);
    const id = this.ids.get(key);
    if (!id) return { id: 'no-such-tenant', subject: 'plp-1' };
    const ref = tenantRefFromEntity(tenantEntity(id, { namespaces: values }))!;
    return { id, subject: id, scoped: ref };
  }
}

/**
 * prom-label-proxy re-encodes rules through Go structs, which adds
 * `keepFiringFor: 0` to alerting rules the upstream sent without it; we pass
 * the upstream's JSON on as it is.
 */
function withoutGoZeroFields(golden: any): any {
  for (const group of golden?.data?.groups ?? []) {
    for (const rule of group.rules ?? []) {
      if (rule.keepFiringFor === 0) delete rule.keepFiringFor;
    }
  }
  return golden;
}

/** prom-label-proxy's path on our gateway. */
export function gatewayPath(endpoint: string, tenantId: string): string {
  const base = `/api/monitoring-stack/tenants/${encodeURIComponent(tenantId)}`;
  return endpoint.startsWith('/api/v2/')
    ? `${base}/alertmanager${endpoint}`
    : `${base}/metrics${endpoint}`;
}

/** Where a case puts its query, selectors and filters. */
function buildRequest(c: ConformanceCase) {
  const search = new URLSearchParams();
  let form: URLSearchParams | undefined;
  Object.entries(c.url_params ?? {}).forEach(([k, v]) => search.append(k, v));
  if (c.suite === 'TestQuery') {
    search.set('query', c.query ?? '');
    if (c.body_query !== null && c.body_query !== undefined) {
      form = new URLSearchParams({ query: c.body_query });
    }
  }
  if (c.match) {
    const inForm =
      c.suite === 'TestMatchWithPost' || c.suite === 'TestSeriesWithPost';
    if (inForm) form = new URLSearchParams();
    c.match.forEach(m => (inForm ? form! : search).append('match[]', m));
  }
  c.filters?.forEach(f => search.append('filter', f));
  let json: string | undefined;
  if (c.request_body !== undefined && c.request_body !== null) {
    json =
      typeof c.request_body === 'string'
        ? c.request_body
        : JSON.stringify(c.request_body);
  }
  return { search, form, json };
}

const paramsOf = (call: UpstreamCall) =>
  call.method === 'POST' ? call.form : call.url.searchParams;

/** A sorted multiset of PromQL selectors, compared by meaning. */
const normalisedSelectors = (selectors: string[]) =>
  selectors.map(normalisePromQL).sort();

/**
 * Runs an HTTP case of prom-label-proxy against our gateway's routes and
 * compares status, what reached the upstream and, for rules and alerts, the
 * filtered answer with the golden file. Throws on a leak: a forwarded query
 * or selector without the tenant's matcher, or another tenant's data in the
 * answer.
 */
export class HttpCaseRunner {
  constructor(
    private readonly appFor: (
      tenantId: string,
    ) => Promise<Parameters<typeof request>[0]>,
    private readonly tenants: ConformanceTenants,
    private readonly upstreams: FakeUpstreams,
    private readonly dataDir: string,
  ) {}

  async run(c: ConformanceCase): Promise<CaseOutcome> {
    const options = c.options ?? {};
    if (options.passthrough_paths) {
      return { result: 'not-applicable', why: 'passthrough_paths' };
    }
    const values = caseTenantValues(c);
    const tenant = this.tenants.tenantFor(values);
    const scoped = tenant.scoped;
    this.upstreams.reset(c, values);

    const { search, form, json } = buildRequest(c);
    const query = search.toString();
    const url = `${gatewayPath(c.endpoint!, tenant.id)}${
      query ? `?${query}` : ''
    }`;
    const method = (c.method || 'GET').toLowerCase() as
      | 'get'
      | 'post'
      | 'delete';
    let req = request(await this.appFor(tenant.id))
      [method](url)
      .set('Authorization', auth.service(tenant.subject));
    for (const [name, list] of Object.entries(c.headers ?? {})) {
      req = req.set(name, list.join(', '));
    }
    if (form) req = req.type('form').send(form.toString());
    else if (json !== undefined) req = req.type('json').send(json);
    const res = await req;

    if (scoped) this.assertNoLeak(c, scoped, res);
    else if (this.upstreams.calls.length > 0) {
      throw new Error(
        `LEAK in ${c.id}: a request without a tenant reached the upstream`,
      );
    }
    return this.compare(c, res);
  }

  private assertNoLeak(
    c: ConformanceCase,
    scoped: ScopedTenant,
    res: request.Response,
  ) {
    const enforced = matcherText(tenantMatcher(scoped));
    const narrowed = alertReadMatcher(scoped);
    const leak = (what: string) => {
      throw new Error(`LEAK in ${c.id}: ${what}`);
    };
    for (const call of this.upstreams.calls) {
      const params = paramsOf(call);
      const path = call.url.pathname;
      const q = params.get('query');
      if (q !== null && !everySelectorCarries(q, enforced))
        leak(`forwarded query ${q} lacks ${enforced}`);
      for (const m of params.getAll('match[]')) {
        if (!everySelectorCarries(m, enforced))
          leak(`forwarded match[] ${m} lacks ${enforced}`);
      }
      if (
        /^\/api\/v1\/(series|labels|label\/)|^\/federate/.test(path) &&
        params.getAll('match[]').length === 0
      ) {
        leak(`${path} was forwarded without match[]`);
      }
      if (
        narrowed &&
        /^\/api\/v2\/alerts/.test(path) &&
        !params.getAll('filter').includes(matcherText(narrowed))
      ) {
        leak(
          `${path} was forwarded without the filter ${matcherText(narrowed)}`,
        );
      }
    }
    if (res.status !== 200 || typeof res.body !== 'object') return;
    const body = res.body;
    const mine = (labels: Record<string, string> | undefined) =>
      ownsAlert(scoped, labels);
    if (c.endpoint === '/api/v1/rules') {
      for (const rule of (body.data?.groups ?? []).flatMap(
        (g: any) => g.rules ?? [],
      )) {
        if (
          !mine(rule.labels) ||
          (rule.alerts ?? []).some((a: any) => !mine(a.labels))
        ) {
          leak(`the answer has the rule ${rule.name} of another tenant`);
        }
      }
    }
    if (
      c.endpoint === '/api/v1/alerts' &&
      (body.data?.alerts ?? []).some((a: any) => !mine(a.labels))
    ) {
      leak('the answer has alerts of another tenant');
    }
    if (
      c.endpoint === '/api/v2/silences' &&
      Array.isArray(body) &&
      body.some(s => !silenceBelongsTo(s, scoped))
    ) {
      leak('the answer has silences of another tenant');
    }
    const listed = Array.isArray(body) ? body : [];
    const byEndpoint: Record<string, any[]> = {
      '/api/v2/alerts': listed,
      '/api/v2/alerts/groups': listed.flatMap((g: any) => g.alerts ?? []),
    };
    const alerts = byEndpoint[c.endpoint ?? ''] ?? [];
    if (alerts.some((a: any) => !mine(a.labels))) {
      leak('the answer has alerts of another tenant');
    }
  }

  private compare(c: ConformanceCase, res: request.Response): CaseOutcome {
    const outcome = new OutcomeBuilder();
    const calls = this.upstreams.calls;
    if (c.expect_status !== null)
      outcome.expectEqual('status', res.status, c.expect_status);
    if (c.expect_forwarded !== undefined) {
      outcome.expectEqual(
        'forwarded upstream',
        calls.length > 0,
        c.expect_forwarded,
      );
    }
    const first = calls[0];
    const params = first ? paramsOf(first) : new URLSearchParams();
    const expectedQuery = c.expect_body_query || c.expect_query;
    if (
      first &&
      expectedQuery &&
      c.kind === 'http' &&
      c.suite === 'TestQuery'
    ) {
      const ours = params.get('query');
      outcome.expectEqual(
        'forwarded query',
        ours === null ? null : normalisePromQL(ours),
        normalisePromQL(expectedQuery),
      );
    }
    if (first && c.expect_match) {
      outcome.expectEqual(
        'forwarded match[]',
        normalisedSelectors(params.getAll('match[]')),
        normalisedSelectors(c.expect_match),
      );
    }
    if (first && c.expect_filters) {
      outcome.expectEqual(
        'forwarded filter',
        params.getAll('filter').sort(),
        [...c.expect_filters].sort(),
      );
    }
    if (first && c.expect_upstream_param && c.expect_upstream_values) {
      const p = c.expect_upstream_param;
      outcome.expectEqual(
        `forwarded ${p}`,
        params.getAll(p).sort(),
        [...c.expect_upstream_values].sort(),
      );
    }
    if (first && c.expect_upstream_param_absent) {
      outcome.expectEqual(
        `forwarded ${c.expect_upstream_param_absent}`,
        params.has(c.expect_upstream_param_absent),
        false,
      );
    }
    if (first && c.expect_upstream_match) {
      outcome.expectEqual(
        'match[] for rules',
        normalisedSelectors(params.getAll('match[]')),
        normalisedSelectors(c.expect_upstream_match),
      );
    }
    if (c.expect_golden) this.compareGolden(c, res, outcome);
    this.upstreams.failedAssertions.forEach(a => outcome.differ(a));
    return outcome.build();
  }

  private compareGolden(
    c: ConformanceCase,
    res: request.Response,
    outcome: OutcomeBuilder,
  ) {
    const golden = readTestdata(this.dataDir, c.expect_golden!);
    if (res.status === 200 && c.expect_status === 200) {
      let ours: unknown;
      try {
        ours = JSON.parse(res.text);
      } catch {
        outcome.differ(`answer is not JSON: ${res.text.slice(0, 80)}`);
        return;
      }
      if (!isDeepStrictEqual(ours, withoutGoZeroFields(JSON.parse(golden)))) {
        outcome.differ(
          `answer differs from ${c.expect_golden}: ${res.text.slice(0, 300)}`,
        );
      }
    } else if (
      golden !== '' &&
      res.status === c.expect_status &&
      res.text !== golden
    ) {
      // Errors of the upstream pass as they are; our own errors are Backstage's JSON.
      outcome.differ(
        `answer ${JSON.stringify(
          res.text.slice(0, 80),
        )} is not ${JSON.stringify(golden)}`,
      );
    }
  }
}
