import { Config } from '@backstage/config';
import { MonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { requireUpstream } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { nonNegativeNumber, positiveNumber } from '../lib/configValues';
import { requireMetricsUpstream } from '../upstream/stackUpstreams';
import { UpstreamRef } from '../upstream/upstream';

/** Settings of the tenant-enforcing gateway. */
export type GatewayConfig = {
  /** Thanos Query, else Prometheus; a 503 for requests when neither is configured. */
  metrics: UpstreamRef;
  logs: UpstreamRef;
  alertmanager: UpstreamRef;
  /** Header Thanos reads the tenant from. */
  tenantHeader: string;
  /** How long one read of Prometheus' rules and alerts serves every tenant; 0: each request reads. */
  rulesCacheMs: number;
  maxRequestBodyBytes: number;
  /** The portal's origin (`app.baseUrl`): the only page that may open a tail with the user cookie. */
  appOrigin?: string;
};

const PREFIX = 'monitoringStack.gateway';

function appOrigin(baseUrl: string | undefined): string | undefined {
  if (baseUrl === undefined) return undefined;
  if (!URL.canParse(baseUrl)) {
    throw new Error(`app.baseUrl: must be a URL, got '${baseUrl}'`);
  }
  return new URL(baseUrl).origin;
}

/**
 * Reads `monitoringStack.gateway`, failing at start on bad values; the
 * upstreams are the shared settings'.
 */
export function readGatewayConfig(
  config: Config,
  settings: MonitoringStackSettings,
): GatewayConfig {
  const gateway = config.getOptionalConfig(PREFIX);
  return {
    metrics: () => requireMetricsUpstream(settings),
    logs: () => requireUpstream(settings, 'loki'),
    alertmanager: () => requireUpstream(settings, 'alertmanager'),
    tenantHeader: gateway?.getOptionalString('tenantHeader') ?? 'THANOS-TENANT',
    rulesCacheMs:
      nonNegativeNumber(gateway, PREFIX, 'rulesCacheSeconds', 5) * 1000,
    appOrigin: appOrigin(config.getOptionalString('app.baseUrl')),
    maxRequestBodyBytes: positiveNumber(
      gateway,
      PREFIX,
      'maxRequestBodyBytes',
      1024 * 1024,
    ),
  };
}
