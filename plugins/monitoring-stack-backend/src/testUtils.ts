/**
 * Test helpers of the monitoring-stack backend for the repository's
 * end-to-end tests and benchmarks: real Prometheus and Alertmanager peers,
 * and the gateway pieces the benchmark mounts on its own.
 *
 * @packageDocumentation
 */
// This entry point is for tests and benchmarks alone, never the plugin's runtime.
// eslint-disable-next-line no-restricted-imports
export * from './__testUtils__/realPeers';
// eslint-disable-next-line no-restricted-imports
import { startLokiStandIn as startLoki } from './gateway/__testUtils__/lokiStandIn';

/**
 * A Loki-shaped stand-in on loopback (queries, labels, the ruler's listings,
 * the tail WebSocket), answering each org only with its own data.
 * @public
 */
export async function startLokiStandIn(): Promise<{
  url: string;
  stop(): Promise<void>;
}> {
  const { url, stop } = await startLoki();
  return { url, stop };
}
/** The gateway's body parsers, for mounting its routers in a bare express app. */
export { gatewayBodyParsers } from './gateway/bodyLimit';
/** The prometheus-proxy router of the gateway, mountable without the plugin. */
export { createMetricsRouter } from './gateway/metricsRouter';
/** The PromQL enforcement of the gateway, for measuring it alone. */
export { enforcePromQL } from './gateway/promqlEnforcer';
/** What `createMetricsRouter` is built with. */
export type { Upstream, UpstreamRef } from './upstream/upstream';
export type { ScopeResolver } from './upstream/ScopeResolver';
