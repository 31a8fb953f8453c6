import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  TenantAlert,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { useState } from 'react';
import { monitoringStackApiRef } from '../../api';
import { isForbidden } from '../../lib/isForbidden';
import { silenceForAlert } from '../../lib/silenceForAlert';

/** How long a silence from the card lasts: two hours. */
const SILENCE_MS = 2 * 60 * 60 * 1000;

/** What the last silence did, for the card to say. */
type SilenceNotice = { severity: 'success' | 'error'; text: string };

/** What {@link useSilenceAlert} gives. */
export type SilenceAlertState = {
  /** Silences the alert for two hours, as the signed-in user. */
  silence: (alert: TenantAlert) => Promise<void>;
  /** The id of the alert being silenced. */
  silencing?: string;
  notice?: SilenceNotice;
  dismissNotice: () => void;
};

/**
 * The card's silence action: a two-hour silence of exactly one alert, scoped
 * to the tenant (see `silenceForAlert`); `onSilenced` runs after the
 * gateway accepted it, to read the alerts again.
 */
export function useSilenceAlert(
  tenant: TenantRef,
  onSilenced: () => void,
): SilenceAlertState {
  const api = useApi(monitoringStackApiRef);
  const identityApi = useApi(identityApiRef);
  const [silencing, setSilencing] = useState<string>();
  const [notice, setNotice] = useState<SilenceNotice>();

  const silence = async (alert: TenantAlert) => {
    setSilencing(alert.id);
    try {
      const { userEntityRef } = await identityApi.getBackstageIdentity();
      const body = silenceForAlert(alert, tenant, {
        now: new Date(),
        durationMs: SILENCE_MS,
        createdBy: userEntityRef,
      });
      if (!body) {
        return;
      }
      const { silenceID } = await api.createSilence(tenant.id, body);
      setNotice({
        severity: 'success',
        text: `Silenced ${alert.name} for 2 hours (silence ${silenceID}).`,
      });
      onSilenced();
    } catch (e) {
      setNotice({
        severity: 'error',
        text: isForbidden(e)
          ? `You may not silence alerts of tenant ${tenant.id}.`
          : `Could not silence ${alert.name}: ${(e as Error).message}`,
      });
    } finally {
      setSilencing(undefined);
    }
  };

  return {
    silence,
    silencing,
    notice,
    dismissNotice: () => setNotice(undefined),
  };
}
