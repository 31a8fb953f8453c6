import {
  ALERT_MESSAGE_ATTRIBUTES,
  ALERT_MESSAGE_SOURCE,
  matcherText,
  NO_SEVERITY,
  SNS_SUBJECT_MAX_CHARS,
  Tenant,
  TENANT_ALERT_LABEL,
  tenantMatcher,
  tenantSlug,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { scopedTenant } from './scopedTenant';

/** The receiver of the shared root route in the rendered alertmanager.yml. */
export const SHARED_RECEIVER = 'monitoring-stack-default';

/** The receiver name of a tenant in Alertmanager. */
export function tenantReceiver(tenantId: string): string {
  return `tenant-${tenantSlug(tenantId)}`;
}

/**
 * The subject of a group's message: status, alert name and tenant, printable
 * ASCII only and cut below SNS's 100 characters (a tenant id may be 150
 * bytes, an alert name any text). A tenant id holds no `"` or `\`, so it
 * stands in a template string as it is.
 */
function subjectTemplate(tenantId: string): string {
  const keep = SNS_SUBJECT_MAX_CHARS - 3;
  return [
    `{{ $s := printf "[%s] %s (%s)" (.Status | toUpper) .CommonLabels.alertname "${tenantId}" }}`,
    `{{ $s | reReplaceAll "[^ -~]" "?" | reReplaceAll "^(.{${keep}}).{4,}$" "$\{1}..." }}`,
  ].join('');
}

/** The readable text of a group: one line an alert, and where it came from. */
const MESSAGE_TEMPLATE = [
  '{{ range .Alerts }}',
  '{{ .Status | toUpper }} {{ .Labels.alertname }}',
  '{{ with .Annotations.summary }}: {{ . }}{{ end }}',
  '{{ with .Labels.namespace }} [namespace={{ . }}]{{ end }}',
  '{{ if eq .Status "resolved" }} (resolved at {{ .EndsAt }})',
  '{{ else }} (since {{ .StartsAt }}){{ end }}',
  '{{ with .GeneratorURL }}\n  {{ . }}{{ end }}\n',
  '{{ end }}',
].join('');

/** What the notifier routes by (see `ALERT_MESSAGE_ATTRIBUTES`). */
function attributes(tenantId: string): Record<string, string> {
  const names = ALERT_MESSAGE_ATTRIBUTES;
  return {
    [names.source]: ALERT_MESSAGE_SOURCE,
    [names.tenant]: tenantId,
    [names.status]: '{{ .Status }}',
    [names.severity]: `{{ or .CommonLabels.severity "${NO_SEVERITY}" | toLower }}`,
  };
}

/**
 * An `sns_configs` entry that publishes a group to `topicArn` with the
 * subject, text and attributes the notifier reads; `tenantId` is the
 * tenant the group belongs to, `ADMIN_TENANT_ID` for the stack's own.
 */
export function snsConfig(
  tenantId: string,
  sns: { topicArn: string; region: string },
) {
  return {
    topic_arn: sns.topicArn,
    sigv4: { region: sns.region },
    subject: subjectTemplate(tenantId),
    message: MESSAGE_TEMPLATE,
    attributes: attributes(tenantId),
    send_resolved: true,
  };
}

/**
 * A complete `alertmanager.yml` (amtool checks it as it is) around the
 * tenant's part: its child routes, which go under the shared root route's
 * `routes:`, and its receiver, which joins the shared `receivers:`. An alert
 * goes where `ownsAlert` says it belongs: by its `tenant_id` (which Thanos
 * Receive and `loki:rules` put on the tenant's alerts) when it has one, by
 * its namespace only when it has none (`tenant_id=""`), so that the routes
 * of all tenants exclude each other in whatever order they are merged; a
 * tenant's LogQL cannot route its alert to another tenant by computing a
 * namespace. Groups are split by severity too, so that each message has one
 * and a warning never rides with a critical alert to a phone.
 */
export function alertmanagerRouteConfig(
  tenant: Tenant,
  sns: { topicArn: string; region: string },
) {
  const receiver = tenantReceiver(tenant.id);
  const byId = (value: string) =>
    matcherText({ label: TENANT_ALERT_LABEL, values: [value] });
  const matcherSets = [[byId(tenant.id)]];
  if (tenant.seriesLabel === 'namespace') {
    const namespaces = tenantMatcher(scopedTenant(tenant));
    matcherSets.unshift([matcherText(namespaces), byId('')]);
  }
  return {
    route: {
      // The shared root route and receiver, so the file stands on its own.
      receiver: SHARED_RECEIVER,
      routes: matcherSets.map(matchers => ({
        receiver,
        matchers,
        group_by: ['alertname', 'severity'],
        continue: false,
      })),
    },
    receivers: [
      { name: SHARED_RECEIVER },
      {
        name: receiver,
        sns_configs: [snsConfig(tenant.id, sns)],
      },
    ],
  };
}
