import {
  ScopedTenant,
  TENANT_ALERT_LABEL,
  tenantMatcher,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { upstreamPath } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { sanitisedErrorAnswer } from '../upstream/errorAnswers';
import { UpstreamError, UpstreamTimeoutError } from '../upstream/errors';
import {
  callUpstream,
  readUpstreamJson,
  Upstream,
  UpstreamResponse,
} from '../upstream/upstream';
import {
  filterPrometheusAlerts,
  filterRules,
  isPrometheusAnswer,
} from './responseFilters';

/** How long one read of the upstream's rules or alerts serves every tenant, by default. */
export const DEFAULT_RULE_READS_TTL_MS = 5_000;

/**
 * Answers kept at once (one per upstream and parameter set): what Grafana,
 * the alerts card and the admin view ask is a handful; a caller that varies
 * parameters only pushes the oldest out.
 */
const MAX_ENTRIES = 8;

/** Error answers are short; more than this is not read. */
const ERROR_ANSWER_BYTES = 64 * 1024;

/** Which Prometheus listing: `/api/v1/rules` or `/api/v1/alerts`. */
export type RuleListing = 'rules' | 'alerts';

type Labels = Record<string, string> | undefined;
type Labeled = { labels?: Labels };
type Rule = Labeled & { alerts?: Labeled[] };
type Group = { rules?: Rule[] };

/** A Prometheus `/api/v1/rules` or `/api/v1/alerts` answer, as the upstream sent it. */
export type ListingAnswer = {
  data: { groups?: Group[]; alerts?: Labeled[] };
};

/** The upstream's answer, shared by every tenant until it expires. */
export type SharedListing = {
  ok: true;
  /** The whole answer, the admin view's; shared, so never to be changed. */
  body: ListingAnswer;
  /**
   * The tenant's part: what `filterRules` or `filterPrometheusAlerts` keep
   * of the whole answer, found through an index of the entries by the label
   * values that decide ownership, so it costs the tenant's entries alone.
   */
  forTenant(tenant: ScopedTenant): ListingAnswer;
};

/** An upstream's error answer as a caller may read it (sanitised); never kept. */
export type ListingErrorAnswer = {
  ok: false;
  status: number;
  contentType: string;
  body: string;
};

/** A read of the shared listing: the answer, or the upstream's error answer. */
export type ListingRead = SharedListing | ListingErrorAnswer;

/**
 * Positions of entries by the value of a label, built for a label the first
 * time a tenant's lookup needs it, once per answer.
 */
class LabelIndex {
  private readonly byLabel = new Map<string, Map<string, number[]>>();

  constructor(private readonly labelsAt: Labels[]) {}

  private valuesOf(label: string): Map<string, number[]> {
    let values = this.byLabel.get(label);
    if (!values) {
      values = new Map();
      for (let i = 0; i < this.labelsAt.length; i++) {
        const value = this.labelsAt[i]?.[label];
        if (typeof value !== 'string') continue;
        const at = values.get(value);
        if (at) at.push(i);
        else values.set(value, [i]);
      }
      this.byLabel.set(label, values);
    }
    return values;
  }

  /**
   * The positions, in order, of every entry `ownsAlert` may give the
   * tenant, and a few it will not: those whose `tenant_id` is the tenant's
   * id, and those whose label of the tenant's matcher holds one of its
   * values. `ownsAlert` reads no other labels, so no entry of the tenant's
   * is missed; the filters then decide, as without the index.
   */
  candidates(tenant: ScopedTenant): number[] {
    const lookups: Array<[string, string[]]> = [
      [TENANT_ALERT_LABEL, [tenant.id]],
    ];
    const matcher = matcherOf(tenant);
    if (matcher) lookups.push([matcher.label, matcher.values]);
    const found = new Set<number>();
    for (const [label, wanted] of lookups) {
      const values = this.valuesOf(label);
      for (const value of wanted) {
        for (const i of values.get(value) ?? []) found.add(i);
      }
    }
    return [...found].sort((a, b) => a - b);
  }
}

/** The tenant's matcher, or none for a tenant it cannot scope (no namespaces). */
function matcherOf(tenant: ScopedTenant) {
  try {
    return tenantMatcher(tenant);
  } catch {
    return undefined;
  }
}

const rulesOf = (group: Group | null | undefined): Rule[] =>
  Array.isArray(group?.rules) ? group!.rules : [];

/** A rules answer with its rules indexed; a tenant's part costs its rules alone. */
function sharedRules(body: ListingAnswer): SharedListing {
  const groups = body.data.groups ?? [];
  const groupAt: number[] = [];
  const rules: Rule[] = [];
  groups.forEach((group, g) => {
    for (const rule of rulesOf(group)) {
      groupAt.push(g);
      rules.push(rule);
    }
  });
  const index = new LabelIndex(rules.map(rule => rule?.labels));
  return {
    ok: true,
    body,
    forTenant(tenant) {
      // The groups of the candidate rules, in the answer's order, holding
      // only those rules; filterRules keeps the tenant's of them.
      const picked: Group[] = [];
      let last = -1;
      for (const i of index.candidates(tenant)) {
        if (groupAt[i] !== last) {
          last = groupAt[i];
          picked.push({ ...groups[last], rules: [] });
        }
        picked[picked.length - 1].rules!.push(rules[i]);
      }
      return filterRules(
        { ...body, data: { ...body.data, groups: picked } },
        tenant,
      );
    },
  };
}

/** An alerts answer with its alerts indexed. */
function sharedAlerts(body: ListingAnswer): SharedListing {
  const alerts = body.data.alerts ?? [];
  const index = new LabelIndex(alerts.map(alert => alert?.labels));
  return {
    ok: true,
    body,
    forTenant(tenant) {
      const picked = index.candidates(tenant).map(i => alerts[i]);
      return filterPrometheusAlerts(
        { ...body, data: { ...body.data, alerts: picked } },
        tenant,
      );
    },
  };
}

/** The start of an error answer, at most ERROR_ANSWER_BYTES. */
async function errorText(response: UpstreamResponse): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      chunks.push(Buffer.from(chunk));
      size += chunk.length;
      if (size >= ERROR_ANSWER_BYTES) break;
    }
  } catch (error) {
    if (error instanceof UpstreamTimeoutError) throw error;
    throw new UpstreamError(
      `${response.upstream} broke off its answer to ${response.path}`,
      error,
    );
  }
  return Buffer.concat(chunks).subarray(0, ERROR_ANSWER_BYTES).toString('utf8');
}

/**
 * One read of the listing: every tenant's, asked without a tenant header
 * (as the admin view always was), then indexed.
 */
async function readListing(
  upstream: Upstream,
  listing: RuleListing,
  params: URLSearchParams,
): Promise<ListingRead> {
  const path = upstreamPath(['api', 'v1', listing]);
  const response = await callUpstream(upstream, {
    method: 'GET',
    path,
    params,
  });
  if (response.status !== 200) {
    if (response.ok) {
      response.body.resume();
      throw new UpstreamError(
        `${upstream.name} answered ${path} with HTTP ${response.status}`,
      );
    }
    return {
      ok: false,
      status: response.status,
      ...sanitisedErrorAnswer(await errorText(response)),
    };
  }
  const body = await readUpstreamJson<ListingAnswer>(upstream, response);
  if (!isPrometheusAnswer(listing, body)) {
    throw new UpstreamError(
      `${upstream.name} answered ${path} with something that is not a Prometheus ${listing} answer`,
    );
  }
  return listing === 'rules' ? sharedRules(body) : sharedAlerts(body);
}

/** What decides an answer: the upstream, the listing and its parameters. */
function keyOf(
  upstream: Upstream,
  listing: RuleListing,
  params: URLSearchParams,
): string {
  const sorted = new URLSearchParams(params);
  sorted.sort();
  return JSON.stringify([upstream.name, upstream.url, listing, `${sorted}`]);
}

type Entry = { expires: number; read: Promise<ListingRead> };

/**
 * Prometheus' (or Thanos Query's) rules and alerts, read once per interval
 * for every tenant: a tenant's request takes its part of the shared answer
 * through an index, so it costs the same with 10 or 10,000 other tenants'
 * rules. Kept in this process as parsed objects (the cache service would
 * serialise them, and a tenant's read would parse every tenant's rules
 * again). Answers are kept per upstream (name and URL) and parameter set,
 * for `ttlMs` after they arrive; concurrent reads share one request; error
 * answers and failures are never kept.
 */
export class SharedRuleReads {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number = DEFAULT_RULE_READS_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The listing of `upstream` with `params`, from the shared answer or a new read. */
  read(
    upstream: Upstream,
    listing: RuleListing,
    params: URLSearchParams = new URLSearchParams(),
  ): Promise<ListingRead> {
    const key = keyOf(upstream, listing, params);
    const now = this.now();
    const kept = this.entries.get(key);
    if (kept && kept.expires > now) return kept.read;
    this.entries.delete(key);
    this.makeRoom(now);
    // In flight until it settles: concurrent reads share it.
    const entry: Entry = {
      expires: Infinity,
      read: readListing(upstream, listing, params),
    };
    this.entries.set(key, entry);
    const settled = (keep: boolean) => {
      if (this.entries.get(key) !== entry) return;
      if (keep && this.ttlMs > 0) entry.expires = this.now() + this.ttlMs;
      else this.entries.delete(key);
    };
    entry.read.then(
      read => settled(read.ok),
      () => settled(false),
    );
    return entry.read;
  }

  private makeRoom(now: number) {
    for (const [key, entry] of this.entries) {
      if (entry.expires <= now) this.entries.delete(key);
    }
    // The oldest goes; a read in flight still answers those waiting on it.
    while (this.entries.size >= MAX_ENTRIES) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }
}
