import { MonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { MonitoringStackAlertSource } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { CloudTrailStore } from '../../cloudtrail/CloudTrailStore';
import { metricsUpstream } from '../../upstream/stackUpstreams';
import { alertmanagerAlertSource } from './alertmanagerSource';
import { cloudTrailAlertSource } from './cloudTrailSource';
import { lokiRulerAlertSource } from './lokiRulerSource';
import { prometheusRulesAlertSource } from './prometheusRulesSource';

/**
 * The alert sources of the plugin, in the order the alerts card lists them:
 * Alertmanager, the Prometheus/Thanos rules, Loki's ruler, and CloudTrail
 * for the admin view.
 */
export function builtInAlertSources(options: {
  settings: MonitoringStackSettings;
  /** Header Thanos reads the tenant from (`monitoringStack.gateway.tenantHeader`). */
  tenantHeader: string;
  cloudTrail: { store: CloudTrailStore; enabled: boolean };
}): MonitoringStackAlertSource[] {
  const { settings, tenantHeader, cloudTrail } = options;
  const { upstreams, links } = settings;
  return [
    alertmanagerAlertSource(upstreams.alertmanager, links),
    prometheusRulesAlertSource(metricsUpstream(settings), tenantHeader, links),
    lokiRulerAlertSource(upstreams.loki, links),
    cloudTrailAlertSource(cloudTrail.store, cloudTrail.enabled),
  ];
}
