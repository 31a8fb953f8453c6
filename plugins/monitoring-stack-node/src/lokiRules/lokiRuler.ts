import yaml from 'yaml';
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
    const base = `/loki/api/v1/rules/${encodeURIComponent(namespace)}`;
    return group === undefined ? base : `${base}/${encodeURIComponent(group)}`;
  }

  private async send(method: 'GET' | 'POST', path: string, body?: string) {
    const answer = await callUpstream(this.target.upstream, method, path, {
      headers: {
        'X-Scope-OrgID': this.target.tenantId,
        ...(body === undefined ? {} : { 'Content-Type': 'application/yaml' }),
      },
      body,
    });
    if (answer.ok || (method === 'GET' && answer.status === 404)) {
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
}
