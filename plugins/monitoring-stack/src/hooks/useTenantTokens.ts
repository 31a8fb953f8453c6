import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  IssuedTenantToken,
  NewTenantToken,
  TenantTokenInfo,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { useState } from 'react';
import { monitoringStackApiRef } from '../api';
import { isForbidden } from '../lib/isForbidden';
import { CardTenant } from './useCardTenant';
import { useRefreshingAsync } from './useRefreshingAsync';

const STATE_ORDER = { active: 0, expired: 1, revoked: 2 };

/** The backend's own sentence for a refused change, which names the field or the right. */
const reasonOf = (e: unknown) =>
  ResponseError.is(e) ? e.body.error.message : (e as Error).message;

/** The tenant's tokens, active first, newest first within a state. */
export function useTenantTokens(tenantId: string, refreshIntervalMs?: number) {
  const api = useApi(monitoringStackApiRef);
  return useRefreshingAsync(
    async () =>
      (await api.getTenantTokens(tenantId)).items.sort(
        (a, b) =>
          STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
          b.createdAt.localeCompare(a.createdAt),
      ),
    [api, tenantId],
    refreshIntervalMs,
  );
}

/** What the last change did, for the card to say. */
export type TokenNotice = { status: 'success' | 'danger'; text: string };

/**
 * Creates, rotates and revokes the tenant's tokens; `onChanged` reads them
 * again. A created or rotated token is kept in `issued` until the card has
 * shown it and the user closes it: it is never shown again.
 */
export function useTokenActions(tenant: CardTenant, onChanged: () => void) {
  const api = useApi(monitoringStackApiRef);
  const [busy, setBusy] = useState<string>();
  const [notice, setNotice] = useState<TokenNotice>();
  const [issued, setIssued] = useState<IssuedTenantToken>();

  const attempt = async <T>(
    key: string,
    what: string,
    change: () => Promise<T>,
    done: (result: T) => string,
  ) => {
    setBusy(key);
    try {
      const result = await change();
      setNotice({ status: 'success', text: done(result) });
      onChanged();
    } catch (e) {
      setNotice({
        status: 'danger',
        text: isForbidden(e)
          ? `Not allowed to ${what}: ${reasonOf(e)}`
          : `Could not ${what}: ${reasonOf(e)}`,
      });
    } finally {
      setBusy(undefined);
    }
  };

  const create = (token: NewTenantToken) =>
    attempt(
      'create',
      'create the token',
      () => api.createTenantToken(tenant.tenantId, token),
      created => {
        setIssued(created);
        return `Created token ${created.id}.`;
      },
    );

  const rotate = (token: TenantTokenInfo) =>
    attempt(
      token.id,
      `rotate token ${token.id}`,
      () => api.rotateTenantToken(tenant.tenantId, token.id),
      rotated => {
        setIssued(rotated);
        return `Rotated token ${token.id}: the old secret no longer works.`;
      },
    );

  const revoke = (token: TenantTokenInfo) =>
    attempt(
      token.id,
      `revoke token ${token.id}`,
      () => api.revokeTenantToken(tenant.tenantId, token.id),
      () => `Revoked token ${token.id}.`,
    );

  return {
    create,
    rotate,
    revoke,
    busy,
    notice,
    dismissNotice: () => setNotice(undefined),
    issued,
    dismissIssued: () => setIssued(undefined),
  };
}
