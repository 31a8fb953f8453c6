// Type-only: esbuild drops it, so the bundle does not carry the package.
import type { DeliveryReport } from '@tenant-monitoring/plugin-monitoring-stack-common';
import type { Logger } from './logger';

export type {
  DeliveryChannel,
  DeliveryOutcome,
  DeliveryReport,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/** Path of the backend endpoint that records delivery outcomes. */
export const DELIVERIES_PATH = '/api/monitoring-stack/sns/deliveries';

/**
 * Posts delivery outcomes to the backend with its static access token. A
 * failure is logged and swallowed: reporting must never fail the batch.
 */
export async function postDeliveryReport(
  backend: { url: string; token: string },
  report: DeliveryReport,
  logger: Logger,
): Promise<void> {
  try {
    const response = await fetch(`${backend.url}${DELIVERIES_PATH}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${backend.token}`,
      },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      logger.warn('delivery report rejected by the backend', {
        status: response.status,
      });
    }
  } catch (error) {
    logger.warn('could not post the delivery report', {
      error: String(error),
    });
  }
}
