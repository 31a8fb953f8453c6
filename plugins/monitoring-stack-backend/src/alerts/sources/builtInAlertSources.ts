import { MonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { MonitoringStackAlertSource } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { CloudTrailStore } from '../../cloudtrail/CloudTrailStore';
import { SharedRuleReads } from '../../gateway/sharedRuleReads';
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
  /** How long one read of the rules serves every tenant (`monitoringStack.gateway.rulesCacheSeconds`). */
  rulesCacheMs?: number;
  cloudTrail: { store: CloudTrailStore; enabled: boolean };
}): MonitoringStackAlertSource[] {
  const { settings, cloudTrail, rulesCacheMs } = options;
  const { upstreams, links } = settings;
  return [
    alertmanagerAlertSource(upstreams.alertmanager, links),
    prometheusRulesAlertSource(
      metricsUpstream(settings),
      links,
      new SharedRuleReads(rulesCacheMs),
    ),
    lokiRulerAlertSource(upstreams.loki, links),
    cloudTrailAlertSource(cloudTrail.store, cloudTrail.enabled),
  ];
}
