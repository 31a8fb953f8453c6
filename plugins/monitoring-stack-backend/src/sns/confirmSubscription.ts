import { InputError } from '@backstage/errors';
import { UpstreamError } from '../upstream/errors';
import { fetchFromSns, snsUrlProblem } from './snsUrls';

/**
 * Confirms a subscription by visiting the SubscribeURL SNS sent, which needs
 * no AWS credentials. Only ever an SNS URL: the message is signed, but the
 * URL is checked again so that no other host is called on its say-so.
 */
export async function confirmSubscription(
  subscribeUrl: string,
  timeoutMs: number,
): Promise<void> {
  const problem = snsUrlProblem(subscribeUrl);
  if (problem) {
    throw new InputError(`SubscribeURL ${problem}`);
  }
  const response = await fetchFromSns(
    subscribeUrl,
    timeoutMs,
    'the subscription confirmation',
  );
  if (!response.ok) {
    // The answer's body names the token; only the status is passed on.
    throw new UpstreamError(
      `SNS refused to confirm the subscription (HTTP ${response.status})`,
    );
  }
}
