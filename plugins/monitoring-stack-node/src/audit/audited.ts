import {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';

/**
 * Runs a change and puts it on record, whether it succeeds or fails.
 * `outcome` says what the change did: with its result on success, without
 * one on failure (where it may still name partial work).
 * @public
 */
export async function audited<T>(
  auditor: AuditorService | undefined,
  event: AuditorServiceCreateEventOptions,
  change: () => Promise<T>,
  outcome: (result?: T) => AuditorServiceCreateEventOptions['meta'] = () =>
    undefined,
): Promise<T> {
  const record = await auditor?.createEvent(event);
  let result: T;
  try {
    result = await change();
  } catch (error) {
    const meta = outcome();
    await record?.fail({ error: toError(error), ...(meta && { meta }) });
    throw error;
  }
  const meta = outcome(result);
  await record?.success(meta && { meta });
  return result;
}
