import { ServiceUnavailableError } from '@backstage/errors';
import {
  MonitoringStackSettings,
  UpstreamSettings,
} from '@internal/plugin-monitoring-stack-common';
import { requireUpstream } from '@internal/plugin-monitoring-stack-node';

/** Where the actions reach Grafana, and with which token. @public */
export type GrafanaConnection = { upstream: UpstreamSettings; token: string };

/**
 * The shared Grafana, `monitoringStack.upstreams.grafana`. The URL comes
 * from config only, so no step can send the admin token elsewhere. The token
 * is only needed when something is sent, so a dry run works without it.
 * @public
 */
export function readGrafanaConnection(
  settings: MonitoringStackSettings,
  options: { needToken: boolean },
): GrafanaConnection {
  const upstream = requireUpstream(settings, 'grafana');
  const token = upstream.token ?? '';
  if (options.needToken && !token) {
    throw new ServiceUnavailableError(
      'No Grafana token: set monitoringStack.upstreams.grafana.token in app-config',
    );
  }
  return { upstream, token };
}
