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

/**
 * How a `tenant_id` tenant's series get their label: at scrape time, from
 * the namespace Kubernetes discovery gives the target, never from what the
 * target exposes. The `relabel_configs` and `metric_relabel_configs` of a
 * Kubernetes scrape job: the first rule and the metric rule are the same in
 * every tenant's bundle (add them once to each such job), the tenant's rule
 * goes between.
 */
function scrapeRelabelFiles(tenant: Tenant): RenderedFile[] {
  const namespaces = tenantNamespaceNames(tenant);
  if (tenant.seriesLabel !== TENANT_ALERT_LABEL || namespaces.length === 0) {
    return [];
  }
  const fragment = {
    relabel_configs: [
      { target_label: TENANT_ALERT_LABEL, replacement: UNCLAIMED },
      {
        source_labels: ['__meta_kubernetes_namespace'],
        regex: namespaces.map(quoteMeta).join('|'),
        target_label: TENANT_ALERT_LABEL,
        replacement: tenant.id,
      },
    ],
    metric_relabel_configs: [
      {
        source_labels: [TENANT_ALERT_LABEL],
        regex: quoteMeta(UNCLAIMED),
        target_label: TENANT_ALERT_LABEL,
        replacement: '',
      },
    ],
  };
  return [
    {
      path: 'prometheus/scrape-relabel.yaml',
      content: toYaml(fragment),
      format: 'prometheus-relabel',
    },
  ];
}

/**
 * A relabel rule on the tenant's series label: `keep` for the tenant's own
 * pipeline, `drop` for the shared one. Prometheus anchors the regex; the
 * values are quoted for RE2 so a `.` in an id matches only itself.
 */
function tenantRelabel(tenant: Tenant, action: 'keep' | 'drop') {
  const matcher = tenantMatcher(scopedTenant(tenant));
  return {
    action,
    source_labels: [matcher.label],
    regex: matcher.values.map(quoteMeta).join('|'),
  };
}

/**
 * The tenant's remote-write entry of the shared Prometheus: only the
 * tenant's series (its series label), to Thanos Receive with the tenant
 * header, so Receive stores them in the tenant's own TSDB and stamps
 * `tenant_id=<id>` on its blocks. A complete `prometheus.yml` (promtool
 * checks it as it is); its `remote_write` entry is appended to the shared
 * Prometheus' list. The tenant's alert rule file goes into `rule_files`.
 */
export function prometheusFiles(
  tenant: Tenant,
  settings: RenderSettings,
): RenderedFile[] {
  const name = k8sName('tenant', tenant.id);
  const config = {
    remote_write: [
      {
        name,
        url: settings.thanosReceiveRemoteWriteUrl,
        headers: { [settings.thanosTenantHeader]: tenant.id },
        write_relabel_configs: [tenantRelabel(tenant, 'keep')],
      },
    ],
  };
  const selector = matcherText(tenantMatcher(scopedTenant(tenant)));
  const rules = {
    groups: [
      {
        name,
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
  return [
    ...scrapeRelabelFiles(tenant),
    {
      path: 'prometheus/remote-write.yaml',
      content: toYaml(config),
      format: 'prometheus-config',
    },
    {
      path: 'prometheus/rules.yaml',
      content: toYaml(rules),
      format: 'prometheus-rules',
    },
  ];
}
