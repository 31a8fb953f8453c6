import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Where the actions reach Grafana, and with which token. @public */
export type GrafanaConnection = { url: string; token: string };

/**
 * Reads `monitoringStack.grafana`. The URL comes from config only, so no
 * step can send the admin token elsewhere. The token is only needed when
 * something is sent, so a dry run works without it.
 * @public
 */
export function readGrafanaConnection(
  config: Config,
  options: { needToken: boolean },
): GrafanaConnection {
  const url = config.getOptionalString('monitoringStack.grafana.url');
  if (!url) {
    throw new InputError(
      'No Grafana URL: set monitoringStack.grafana.url in app-config',
    );
  }
  const token = config.getOptionalString('monitoringStack.grafana.token') ?? '';
  if (options.needToken && !token) {
    throw new InputError(
      'No Grafana token: set monitoringStack.grafana.token in app-config',
    );
  }
  return { url: url.replace(/\/+$/, ''), token };
}
