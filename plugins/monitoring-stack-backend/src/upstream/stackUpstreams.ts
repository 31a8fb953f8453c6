import {
  MonitoringStackSettings,
  UpstreamSettings,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { requireUpstream } from '@tenant-monitoring/plugin-monitoring-stack-node';

/**
 * Where metrics, rules and alerts of Prometheus are read: Thanos Query when
 * it is configured, which sees every Prometheus, else Prometheus itself.
 */
export function metricsUpstream(
  settings: MonitoringStackSettings,
): UpstreamSettings | undefined {
  return settings.upstreams.thanosQuery ?? settings.upstreams.prometheus;
}

/** The metrics upstream, or the 503 of a missing `monitoringStack.upstreams.prometheus`. */
export function requireMetricsUpstream(
  settings: MonitoringStackSettings,
): UpstreamSettings {
  return metricsUpstream(settings) ?? requireUpstream(settings, 'prometheus');
}
