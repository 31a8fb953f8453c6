import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { TenantAlert } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { useState } from 'react';
import { monitoringStackApiRef, Silence } from '../api';
import { isForbidden } from '../lib/isForbidden';
import { silenceForAlert } from '../lib/silenceForAlert';
import { CardTenant } from './useCardTenant';
import { useRefreshingAsync } from './useRefreshingAsync';

const STATE_ORDER = { active: 0, pending: 1, expired: 2 };

/** The tenant's silences, active first, read again every `refreshIntervalMs`. */
export function useTenantSilences(
  tenantId: string,
  refreshIntervalMs?: number,
) {
  const api = useApi(monitoringStackApiRef);
  return useRefreshingAsync(
    async () =>
      (await api.getSilences(tenantId)).sort(
        (a, b) =>
          STATE_ORDER[a.status.state] - STATE_ORDER[b.status.state] ||
          b.endsAt.localeCompare(a.endsAt),
      ),
    [api, tenantId],
    refreshIntervalMs,
  );
}

/** What the last change did, for the card to say. */
export type SilenceNotice = { severity: 'success' | 'error'; text: string };

/** Creates, extends and expires the tenant's silences; `onChanged` reads them again. */
export function useSilenceActions(tenant: CardTenant, onChanged: () => void) {
  const api = useApi(monitoringStackApiRef);
  const identityApi = useApi(identityApiRef);
  const [busy, setBusy] = useState<string>();
  const [notice, setNotice] = useState<SilenceNotice>();

  const attempt = async (
    key: string,
    what: string,
    change: () => Promise<string>,
  ) => {
    setBusy(key);
    try {
      setNotice({ severity: 'success', text: await change() });
      onChanged();
    } catch (e) {
      setNotice({
        severity: 'error',
        text: isForbidden(e)
          ? `You may not change silences of ${tenant.title}.`
          : `Could not ${what}: ${(e as Error).message}`,
      });
    } finally {
      setBusy(undefined);
    }
  };

  const create = (alert: TenantAlert, durationMs: number, comment: string) =>
    attempt('create', `silence ${alert.name}`, async () => {
      const { userEntityRef } = await identityApi.getBackstageIdentity();
      const options = { now: new Date(), durationMs, createdBy: userEntityRef };
      const body = tenant.tenant
        ? silenceForAlert(alert, tenant.tenant, options)
        : {
            matchers: Object.entries({
              ...alert.labels,
              alertname: alert.name,
            })
              .filter(([, v]) => v !== '')
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([name, value]) => ({
                name,
                value,
                isRegex: false,
                isEqual: true,
              })),
            startsAt: options.now.toISOString(),
            endsAt: new Date(options.now.getTime() + durationMs).toISOString(),
            createdBy: userEntityRef,
            comment: '',
          };
      if (!body) {
        throw new Error('the alert cannot be scoped to the tenant');
      }
      const { silenceID } = await api.createSilence(tenant.tenantId, {
        ...body,
        comment,
      });
      return `Silenced ${alert.name} (silence ${silenceID}).`;
    });

  const extend = (silence: Silence, durationMs: number) =>
    attempt(silence.id, 'extend the silence', async () => {
      const from = Math.max(Date.parse(silence.endsAt), Date.now());
      await api.createSilence(tenant.tenantId, {
        id: silence.id,
        matchers: silence.matchers.map(m => ({
          name: m.name,
          value: m.value,
          isRegex: m.isRegex,
          isEqual: m.isEqual ?? true,
        })),
        startsAt: silence.startsAt,
        endsAt: new Date(from + durationMs).toISOString(),
        createdBy: silence.createdBy,
        comment: silence.comment,
      });
      return `Extended silence ${silence.id}.`;
    });

  const expire = (silence: Silence) =>
    attempt(silence.id, 'expire the silence', async () => {
      await api.expireSilence(tenant.tenantId, silence.id);
      return `Expired silence ${silence.id}.`;
    });

  return {
    create,
    extend,
    expire,
    busy,
    notice,
    dismissNotice: () => setNotice(undefined),
  };
}
