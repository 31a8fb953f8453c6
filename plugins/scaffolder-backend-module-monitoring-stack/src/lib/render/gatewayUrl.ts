import { InputError } from '@backstage/errors';

/** Hosts that are the caller itself: inside the tenant's Grafana Pod, the Pod. */
const LOOPBACK_HOST =
  /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\])$/i;

/**
 * The address the tenant's Grafana calls the gateway at: the action's
 * `gatewayBaseUrl`, else `monitoringStack.admin.gatewayUrl`, else
 * `backend.baseUrl`. A loopback address is refused, naming where it came
 * from: in the Grafana Pod it would reach the Pod itself.
 */
export function grafanaGatewayUrl(sources: {
  input?: string;
  gatewayUrl?: string;
  backendBaseUrl: string;
}): string {
  const [url, from] = (
    [
      [sources.input, 'the input gatewayBaseUrl'],
      [sources.gatewayUrl, 'monitoringStack.admin.gatewayUrl'],
      [sources.backendBaseUrl, 'backend.baseUrl'],
    ] as const
  ).find(([value]) => value !== undefined) as [string, string];
  if (LOOPBACK_HOST.test(new URL(url).hostname)) {
    throw new InputError(
      `gatewayBaseUrl: ${url} (from ${from}) is a loopback address, which the tenant's Grafana would call inside its own Pod; set monitoringStack.admin.gatewayUrl to the portal's in-cluster or public address`,
    );
  }
  return url;
}
