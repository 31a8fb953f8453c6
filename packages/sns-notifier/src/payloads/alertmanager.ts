import { z } from 'zod';
import type { Notification } from '../notification';
import { lokiQueryOf } from './loki';

const labelsSchema = z.record(z.string());

const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelsSchema,
  annotations: labelsSchema.default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

/** Zod schema of the Alertmanager webhook payload, version 4 (also what the Loki ruler's alerts arrive as). */
export const alertmanagerWebhookSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative().default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labelsSchema.default({}),
  commonLabels: labelsSchema.default({}),
  commonAnnotations: labelsSchema.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(alertSchema).min(1),
});

/** A parsed Alertmanager webhook payload. */
export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;

type Alert = z.infer<typeof alertSchema>;

// Labels that say where an alert fired, shown next to its summary.
const LOCATION_LABELS = ['namespace', 'pod', 'service', 'instance', 'job'];

// Alertmanager sends endsAt 0001-01-01T00:00:00Z for alerts that are still firing.
const isRealTime = (time: string | undefined) =>
  !!time && !time.startsWith('0001-');

function describeAlert(alert: Alert): string[] {
  const name = alert.labels.alertname ?? 'alert';
  const text = alert.annotations.summary ?? alert.annotations.description ?? '';
  const location = LOCATION_LABELS.filter(l => alert.labels[l])
    .map(l => `${l}=${alert.labels[l]}`)
    .join(', ');
  const when =
    alert.status === 'resolved' && isRealTime(alert.endsAt)
      ? `resolved at ${alert.endsAt}`
      : `since ${alert.startsAt}`;
  const lines = [
    `${alert.status.toUpperCase()} ${name}${text ? `: ${text}` : ''}${
      location ? ` [${location}]` : ''
    } (${when})`,
  ];
  const lokiQuery = lokiQueryOf(alert.generatorURL);
  if (lokiQuery) {
    lines.push(`  LogQL: ${lokiQuery}`);
  }
  return lines;
}

function titleOf(alerts: Alert[], severity: string | undefined, loki: boolean) {
  const firing = alerts.filter(a => a.status === 'firing').length;
  const resolved = alerts.length - firing;
  const counts = [
    firing ? `FIRING:${firing}` : '',
    resolved ? `RESOLVED:${resolved}` : '',
  ].filter(Boolean);
  const names = [...new Set(alerts.map(a => a.labels.alertname ?? 'alert'))];
  const shownNames =
    names.length > 3 ? `${names.slice(0, 3).join(', ')} …` : names.join(', ');
  return `[${counts.join(', ')}]${loki ? ' [Loki]' : ''} ${shownNames}${
    severity ? ` (${severity})` : ''
  }`;
}

/**
 * Splits a webhook payload into one notification per severity, so each can
 * pass its own severity filters. The tenant comes from the SNS topic, not from
 * the alerts' labels.
 */
export function alertmanagerNotifications(
  payload: AlertmanagerWebhook,
): Notification[] {
  const groups = new Map<string | undefined, Alert[]>();
  for (const alert of payload.alerts) {
    const severity = alert.labels.severity?.toLowerCase();
    const group = groups.get(severity) ?? [];
    group.push(alert);
    groups.set(severity, group);
  }

  return [...groups].map(([severity, alerts]) => {
    const loki = alerts.every(a => lokiQueryOf(a.generatorURL) !== undefined);
    const details = alerts.flatMap(describeAlert);
    if (payload.truncatedAlerts > 0) {
      details.push(
        `… and ${payload.truncatedAlerts} more alerts truncated by Alertmanager`,
      );
    }
    const link =
      alerts.map(a => a.generatorURL).find(u => u?.startsWith('http')) ||
      payload.externalURL ||
      undefined;
    const labelTenants = alerts.flatMap(a =>
      [a.labels.tenant, a.labels.tenant_id].filter((t): t is string => !!t),
    );
    return {
      source: loki ? 'loki' : 'alertmanager',
      labelTenants: [...new Set(labelTenants)],
      severity,
      title: titleOf(alerts, severity, loki),
      details,
      link,
    };
  });
}
