import {
  matcherText,
  quoteMeta,
  Tenant,
  TENANT_ALERT_LABEL,
  tenantMatcher,
  tenantNamespaceNames,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { k8sName, RenderedFile, toYaml } from './files';
import { scopedTenant } from './scopedTenant';
import { RenderSettings } from './settings';

/**
 * What every target's `tenant_id` starts as before a tenant's rule claims
 * it: `..` is never a tenant id (see `tenantIdProblem`). Once the target's
 * labels are attached, the metric rule removes it again, so a series of no
 * tenant has no `tenant_id`, and a `tenant_id` a target exposes itself
 * loses to the target's own (it becomes `exported_tenant_id`).
 */
const UNCLAIMED = '..';

/** `UNCLAIMED` taken off again: written as it is, it would name a tenant. */
const dropUnclaimed = {
  source_labels: [TENANT_ALERT_LABEL],
  regex: quoteMeta(UNCLAIMED),
  target_label: TENANT_ALERT_LABEL,
  replacement: '',
};

/**
 * How the series of the tenants' namespaces get `tenant_id=<id>`: at scrape
 * time, from the namespace Kubernetes discovery gives the target, never
 * from what the target exposes. The shared Prometheus sends every series in
 * one remote write, and Thanos Receive files each under the tenant its
 * `tenant_id` names (`--receive.split-tenant-label-name`): one queue for all
 * tenants rather than one a tenant, whose memory grows by megabytes per
 * tenant (`yarn bench writePath`). The `relabel_configs` and
 * `metric_relabel_configs` of a Kubernetes scrape job; the stack's scrape
 * job holds those of every tenant (stack/prometheus.ts).
 */
export function tenantScrapeRelabel(tenants: Tenant[]) {
  return {
    relabel_configs: [
      { target_label: TENANT_ALERT_LABEL, replacement: UNCLAIMED },
      ...tenants
        .filter(tenant => tenantNamespaceNames(tenant).length > 0)
        .map(tenant => ({
          source_labels: ['__meta_kubernetes_namespace'],
          regex: tenantNamespaceNames(tenant).map(quoteMeta).join('|'),
          target_label: TENANT_ALERT_LABEL,
          replacement: tenant.id,
        })),
    ],
    metric_relabel_configs: [dropUnclaimed],
  };
}

/** A tenant's own part of {@link tenantScrapeRelabel}, for review. */
function scrapeRelabelFiles(tenant: Tenant): RenderedFile[] {
  if (tenantNamespaceNames(tenant).length === 0) return [];
  return [
    {
      path: 'prometheus/scrape-relabel.yaml',
      content: toYaml(tenantScrapeRelabel([tenant])),
      format: 'prometheus-relabel',
    },
  ];
}

/**
 * The shared Prometheus' one remote write to Thanos Receive. Its write rule
 * removes `UNCLAIMED` from what the metric rule cannot reach (`up` and the
 * other series Prometheus adds itself).
 */
export function thanosRemoteWrite(
  settings: Pick<RenderSettings, 'thanosReceiveRemoteWriteUrl'>,
) {
  return {
    name: 'thanos-receive',
    url: settings.thanosReceiveRemoteWriteUrl,
    write_relabel_configs: [dropUnclaimed],
  };
}

/** The tenant's alert rules, for the shared Prometheus' `rule_files`. */
export function tenantAlertRules(tenant: Tenant) {
  const selector = matcherText(tenantMatcher(scopedTenant(tenant)));
  return {
    groups: [
      {
        name: k8sName('tenant', tenant.id),
        rules: [
          {
            alert: 'TenantTargetDown',
            expr: `up{${selector}} == 0`,
            for: '10m',
            labels: { severity: 'warning' },
            annotations: {
              summary: `{{ $labels.job }} on {{ $labels.instance }} of tenant ${tenant.id} is down`,
            },
          },
        ],
      },
    ],
  };
}

/**
 * The tenant's Prometheus pieces: the scrape-time rule that labels its
 * namespaces' series with its id, its alert rule file, and the shared
 * remote write (a complete `prometheus.yml` promtool checks as it is). The
 * stack's bundle carries all of them into the shared Prometheus.
 */
export function prometheusFiles(
  tenant: Tenant,
  settings: RenderSettings,
): RenderedFile[] {
  return [
    ...scrapeRelabelFiles(tenant),
    {
      path: 'prometheus/remote-write.yaml',
      content: toYaml({ remote_write: [thanosRemoteWrite(settings)] }),
      format: 'prometheus-config',
    },
    {
      path: 'prometheus/rules.yaml',
      content: toYaml(tenantAlertRules(tenant)),
      format: 'prometheus-rules',
    },
  ];
}
