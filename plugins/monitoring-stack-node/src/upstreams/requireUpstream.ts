import { ServiceUnavailableError } from '@backstage/errors';
import {
  MonitoringStackSettings,
  UpstreamKey,
  UpstreamSettings,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/**
 * The upstream a request or action needs, or a 503 that names the key to
 * configure when it is not there.
 * @public
 */
export function requireUpstream(
  settings: MonitoringStackSettings,
  key: UpstreamKey,
): UpstreamSettings {
  const upstream = settings.upstreams[key];
  if (!upstream) {
    throw new ServiceUnavailableError(
      `No ${key} upstream: set monitoringStack.upstreams.${key}.url in app-config`,
    );
  }
  return upstream;
}
