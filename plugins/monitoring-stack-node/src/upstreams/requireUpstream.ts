import {
  MonitoringStackSettings,
  NotConfiguredError,
  upstreamNotConfigured,
  UpstreamKey,
  UpstreamSettings,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/**
 * The upstream a request or action needs, or a NotConfiguredError (503) that
 * names the key to configure when it is not there.
 * @public
 */
export function requireUpstream(
  settings: MonitoringStackSettings,
  key: UpstreamKey,
): UpstreamSettings {
  const upstream = settings.upstreams[key];
  if (!upstream) {
    throw new NotConfiguredError(upstreamNotConfigured(key));
  }
  return upstream;
}
