import yaml from 'yaml';
import { upstreamPath } from '../upstreams/upstreamPath';
import { callUpstream, upstreamFailure, UpstreamTarget } from './upstreamCall';

/** One alerting rule of a Loki rule group. @public */
export type LokiAlertRule = {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};

/** A Loki rule group, as the ruler API takes and returns it. @public */
export type LokiRuleGroup = {
  name: string;
  interval?: string;
  rules: LokiAlertRule[];
};

/** Sorted keys and no empty values, so equal groups serialise equally. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(
          ([, v]) =>
            v !== undefined &&
            v !== null &&
            !(typeof v === 'object' && Object.keys(v).length === 0),
        )
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

const RULES = ['loki', 'api', 'v1', 'rules'];
const RULE_STATES = upstreamPath(['prometheus', 'api', 'v1', 'rules']);

/** True when two rule groups mean the same to the ruler. @public */
export function sameRuleGroup(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * Client of Loki's ruler API for one tenant (`X-Scope-OrgID`). Errors name
 * the request and the status, and say to check access on 401/403.
 * @public
 */
export class LokiRulerClient {
  constructor(
    private readonly target: { upstream: UpstreamTarget; tenantId: string },
  ) {}

  private path(namespace: string, group?: string) {
    return upstreamPath([
      ...RULES,
      namespace,
      ...(group === undefined ? [] : [group]),
    ]);
  }

  private async send(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: string,
  ) {
    const answer = await callUpstream(this.target.upstream, method, path, {
      headers: {
        'X-Scope-OrgID': this.target.tenantId,
        ...(body === undefined ? {} : { 'Content-Type': 'application/yaml' }),
      },
      body,
    });
    if (answer.ok || (method !== 'POST' && answer.status === 404)) {
      return answer;
    }
    throw upstreamFailure(
      this.target.upstream,
      {
        method,
        path,
        status: answer.status,
        reason: `: ${answer.text.trim().slice(0, 200)}`,
      },
      'check the access of Backstage to the Loki ruler',
    );
  }

  /** The stored group, or undefined when the ruler has none of that name. */
  async getGroup(
    namespace: string,
    group: string,
  ): Promise<unknown | undefined> {
    const answer = await this.send('GET', this.path(namespace, group));
    return answer.status === 404 ? undefined : yaml.parse(answer.text);
  }

  /** Creates or replaces one group in the namespace. */
  async putGroup(namespace: string, group: LokiRuleGroup): Promise<void> {
    await this.send('POST', this.path(namespace), yaml.stringify(group));
  }

  /**
   * Every group of the tenant by namespace; none when the ruler has none
   * (it answers 404 then).
   */
  async listGroups(): Promise<Record<string, LokiRuleGroup[]>> {
    const answer = await this.send('GET', upstreamPath(RULES));
    if (answer.status === 404 || !answer.text.trim()) return {};
    return (yaml.parse(answer.text) ?? {}) as Record<string, LokiRuleGroup[]>;
  }

  /** Deletes one group; false when the ruler had none of that name. */
  async deleteGroup(namespace: string, group: string): Promise<boolean> {
    const answer = await this.send('DELETE', this.path(namespace, group));
    return answer.status !== 404;
  }

  /**
   * The state of every rule, from the ruler's Prometheus-compatible API
   * (`/prometheus/api/v1/rules`): groups by `file` (the namespace) and name.
   */
  async ruleStates(): Promise<LokiRuleStateGroup[]> {
    const answer = await this.send('GET', RULE_STATES);
    if (answer.status === 404) return [];
    try {
      return JSON.parse(answer.text)?.data?.groups ?? [];
    } catch {
      throw new Error(
        `${this.target.upstream.name} answered /prometheus/api/v1/rules with something that is not JSON`,
      );
    }
  }
}

/** One group of the ruler's Prometheus-compatible rules answer. @public */
export type LokiRuleStateGroup = {
  name: string;
  file: string;
  rules: Array<{
    name: string;
    state?: string;
    health?: string;
    lastError?: string;
    type?: string;
    alerts?: unknown[];
  }>;
};
