import {
  AlertSourceRead,
  MonitoringStackAlertSource,
  TenantScope,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import {
  describeUpstreamFailure,
  UpstreamError,
  UpstreamTimeoutError,
} from '../../upstream/errors';
import { Upstream } from '../../upstream/upstream';
import { NOT_CONFIGURED } from '../AlertsService';

/**
 * An alert source that reads one upstream: unavailable (`not configured`)
 * without it, and failing with a message that names the upstream.
 */
export function upstreamAlertSource(
  id: string,
  upstream: Upstream | undefined,
  read: (upstream: Upstream, scope: TenantScope) => Promise<AlertSourceRead>,
): MonitoringStackAlertSource {
  return {
    id,
    unavailable: upstream ? undefined : NOT_CONFIGURED,
    async readAlerts(scope) {
      if (!upstream) throw new Error(`${id} is ${NOT_CONFIGURED}`);
      try {
        return await read(upstream, scope);
      } catch (error) {
        // Upstream errors name the upstream and say whether it answered.
        if (
          error instanceof UpstreamError ||
          error instanceof UpstreamTimeoutError
        )
          throw error;
        throw new Error(describeUpstreamFailure(upstream.name, error));
      }
    },
  };
}
