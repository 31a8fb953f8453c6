import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  IssuedTenantToken,
  NewTenantToken,
  TenantTokenInfo,
  TenantTokensResponse,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/**
 * The portal's tokens route of one tenant (`/tenants/:tenant/tokens`, in
 * the monitoring-stack backend plugin, which keeps the tokens), called as
 * the task's user: the backend decides with that user's rights, as on the
 * tenant's page.
 */
export async function tenantTokensOf(
  deps: { discovery: DiscoveryService; auth: AuthService },
  credentials: BackstageCredentials,
  tenantId: string,
) {
  const base = `${await deps.discovery.getBaseUrl(
    'monitoring-stack',
  )}/tenants/${encodeURIComponent(tenantId)}/tokens`;
  const { token } = await deps.auth.getPluginRequestToken({
    onBehalfOf: credentials,
    targetPluginId: 'monitoring-stack',
  });
  const call = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  };
  return {
    list: async () => (await call<TenantTokensResponse>('')).items,
    create: (body: NewTenantToken) =>
      call<IssuedTenantToken>('', {
        method: 'POST',
        body: JSON.stringify(body),
      }),
    revoke: (id: string) =>
      call<TenantTokenInfo>(`/${encodeURIComponent(id)}`, {
        method: 'DELETE',
      }),
  };
}
