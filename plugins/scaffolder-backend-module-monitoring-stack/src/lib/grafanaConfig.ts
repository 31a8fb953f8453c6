import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Where the actions reach Grafana, and with which token. @public */
export type GrafanaConnection = { url: string; token: string };

/**
 * Reads `monitoringStack.grafana`; a step's `grafanaUrl` takes precedence
 * but must stay on the configured origin, so a template cannot send the
 * admin token elsewhere. The token is only needed when something is sent,
 * so a dry run works without it.
 * @public
 */
export function readGrafanaConnection(
  config: Config,
  options: { urlOverride?: string; needToken: boolean },
): GrafanaConnection {
  const configured = config.getOptionalString('monitoringStack.grafana.url');
  const url = options.urlOverride ?? configured;
  if (!url) {
    throw new InputError(
      'No Grafana URL: set monitoringStack.grafana.url in app-config or the grafanaUrl input',
    );
  }
  const token = config.getOptionalString('monitoringStack.grafana.token') ?? '';
  if (options.needToken) {
    if (!token) {
      throw new InputError(
        'No Grafana token: set monitoringStack.grafana.token in app-config',
      );
    }
    if (configured && new URL(url).origin !== new URL(configured).origin) {
      throw new InputError(
        `grafanaUrl ${url} is not on the origin of monitoringStack.grafana.url; the Grafana token is only sent there`,
      );
    }
  }
  return { url: url.replace(/\/+$/, ''), token };
}
