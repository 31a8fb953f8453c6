import { createHash } from 'node:crypto';
import {
  AlertSeverity,
  AlertSource,
  AlertState,
  TenantAlert,
  withoutTrailingSlash,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/** An alert of Alertmanager's `GET /api/v2/alerts`. */
export type AlertmanagerAlert = {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  fingerprint?: string;
  generatorURL?: string;
  status?: { state?: string; silencedBy?: string[]; inhibitedBy?: string[] };
};

/** An active alert as Prometheus' and Loki's rules and alerts APIs list it. */
export type RuleAlert = {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  state?: string;
  activeAt?: string;
};

/** A rule group of Prometheus' `GET /api/v1/rules`. */
export type RuleGroup = {
  rules?: Array<{
    type?: string;
    name?: string;
    query?: string;
    labels?: Record<string, string>;
    alerts?: RuleAlert[];
  }>;
};

/** Where the links of normalised alerts point. */
export type AlertLinks = {
  /** Browser-facing Alertmanager URL; no silence links without it. */
  alertmanagerUrl?: string;
  /** Grafana whose Explore shows an alert's expression. */
  grafanaUrl?: string;
};

const SEVERITIES: AlertSeverity[] = ['critical', 'warning', 'info', 'none'];
const STATE_ORDER: AlertState[] = ['firing', 'pending', 'suppressed'];

/** The `severity` label as one of the known severities, `none` otherwise. */
export function severityOf(labels: Record<string, string>): AlertSeverity {
  const value = labels.severity?.toLocaleLowerCase('en-US');
  return SEVERITIES.find(s => s === value) ?? 'none';
}

/** Labels in a canonical order, the identity of an alert across sources. */
function labelsKey(labels: Record<string, string>): string {
  // Code-point order, not locale order: the key must not depend on the machine.
  const byName = ([a]: [string, string], [b]: [string, string]) =>
    Number(a > b) - Number(a < b);
  return JSON.stringify(Object.entries(labels).sort(byName));
}

/** Alertmanager's UI filter syntax: `{a="1",b="2"}`. */
export function alertmanagerFilter(labels: Record<string, string>): string {
  const pairs = JSON.parse(labelsKey(labels)) as Array<[string, string]>;
  return `{${pairs.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

/** The link that opens Alertmanager's new-silence form prefilled with the labels. */
export function silenceUrl(
  alertmanagerUrl: string,
  labels: Record<string, string>,
): string {
  return `${withoutTrailingSlash(
    alertmanagerUrl,
  )}/#/silences/new?filter=${encodeURIComponent(alertmanagerFilter(labels))}`;
}

/** The link that opens an expression in Grafana's Explore. */
export function expressionUrl(grafanaUrl: string, expr: string): string {
  const left = {
    queries: [{ refId: 'A', expr }],
    range: { from: 'now-1h', to: 'now' },
  };
  return `${withoutTrailingSlash(grafanaUrl)}/explore?left=${encodeURIComponent(
    JSON.stringify(left),
  )}`;
}

/** The expression of a Prometheus generator URL (`/graph?g0.expr=...`). */
export function expressionOfGeneratorUrl(
  generatorUrl: string | undefined,
): string | undefined {
  if (!generatorUrl) return undefined;
  try {
    return new URL(generatorUrl).searchParams.get('g0.expr') ?? undefined;
  } catch {
    return undefined;
  }
}

function hashId(name: string, labels: Record<string, string>): string {
  return createHash('sha256')
    .update(`${name}\n${labelsKey(labels)}`)
    .digest('hex')
    .slice(0, 16);
}

function build(
  source: AlertSource,
  alert: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  },
  state: AlertState,
  links: AlertLinks,
  extra: {
    id?: string;
    since?: string;
    expr?: string;
    suppressedBy?: string[];
    name?: string;
  },
): TenantAlert {
  const labels = alert.labels ?? {};
  const annotations = alert.annotations ?? {};
  const name = labels.alertname ?? extra.name ?? 'unnamed';
  return {
    id: extra.id ?? hashId(name, labels),
    name,
    severity: severityOf(labels),
    state,
    since: extra.since,
    summary: annotations.summary,
    description: annotations.description,
    runbookUrl: annotations.runbook_url,
    labels,
    source,
    suppressedBy: extra.suppressedBy?.length ? extra.suppressedBy : undefined,
    silenceUrl: links.alertmanagerUrl
      ? silenceUrl(links.alertmanagerUrl, labels)
      : undefined,
    expressionUrl:
      links.grafanaUrl && extra.expr
        ? expressionUrl(links.grafanaUrl, extra.expr)
        : undefined,
  };
}

/** Alertmanager's alerts: `active` (or not yet processed) fire, `suppressed` are silenced or inhibited. */
export function fromAlertmanager(
  alerts: AlertmanagerAlert[],
  links: AlertLinks,
): TenantAlert[] {
  return alerts.map(a => {
    const suppressed = a.status?.state === 'suppressed';
    return build(
      'alertmanager',
      a,
      suppressed ? 'suppressed' : 'firing',
      links,
      {
        id: a.fingerprint,
        since: a.startsAt,
        expr: expressionOfGeneratorUrl(a.generatorURL),
        suppressedBy: suppressed
          ? [...(a.status?.silencedBy ?? []), ...(a.status?.inhibitedBy ?? [])]
          : undefined,
      },
    );
  });
}

function ruleState(state: string | undefined): AlertState | undefined {
  return state === 'firing' || state === 'pending' ? state : undefined;
}

/** The pending and firing alerts of the alerting rules of a `/api/v1/rules` answer. */
export function fromRuleGroups(
  groups: RuleGroup[],
  source: AlertSource,
  links: AlertLinks,
): TenantAlert[] {
  return groups.flatMap(group =>
    (group.rules ?? [])
      .filter(rule => rule.type === 'alerting')
      .flatMap(rule =>
        (rule.alerts ?? []).flatMap(a => {
          const state = ruleState(a.state);
          return state
            ? [
                build(source, a, state, links, {
                  since: a.activeAt,
                  expr: rule.query,
                  name: rule.name,
                }),
              ]
            : [];
        }),
      ),
  );
}

/** The pending and firing alerts of a `/api/v1/alerts` answer (no expressions there). */
export function fromRuleAlerts(
  alerts: RuleAlert[],
  source: AlertSource,
  links: AlertLinks,
): TenantAlert[] {
  return alerts.flatMap(a => {
    const state = ruleState(a.state);
    return state ? [build(source, a, state, links, { since: a.activeAt })] : [];
  });
}

/**
 * One list from all sources: an alert with the same labels in several
 * sources appears once, Alertmanager's entry first (its state knows about
 * silences), completed by the rule's expression link when only the rule
 * source knows it. Sorted by severity, state and name.
 */
export function mergeAlerts(lists: TenantAlert[][]): TenantAlert[] {
  const byKey = new Map<string, TenantAlert>();
  const rank = (a: TenantAlert) => (a.source === 'alertmanager' ? 0 : 1);
  const all = lists.flat().sort((a, b) => rank(a) - rank(b));
  for (const alert of all) {
    const key = labelsKey(alert.labels);
    const known = byKey.get(key);
    if (!known) {
      byKey.set(key, alert);
    } else if (!known.expressionUrl && alert.expressionUrl) {
      byKey.set(key, { ...known, expressionUrl: alert.expressionUrl });
    }
  }
  return [...byKey.values()].sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
}
