import { monitoringStackToolsWritePermission } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { REVOCATION_MS } from '../tokens/TenantTokenVerifier';
import { MonitoringStackActionsOptions } from './actionContext';
import { tokenIdInput, tokenInfoShape, tokenTenantInput } from './tokenSchemas';

/** `revoke-tenant-token`: ends a tenant's token for good. */
export function registerRevokeTenantToken(
  options: MonitoringStackActionsOptions,
) {
  options.actionsRegistry.register({
    name: 'revoke-tenant-token',
    title: 'Revoke a tenant access token',
    description: `Revokes an access token of one monitoring-stack tenant for good: every replica refuses it within ${
      REVOCATION_MS / 1000
    } seconds. Needs the tenant's write right. Revoking a revoked token changes nothing.`,
    attributes: { readOnly: false, idempotent: true, destructive: true },
    visibilityPermission: monitoringStackToolsWritePermission,
    schema: {
      input: z =>
        z.object({
          tenant: tokenTenantInput(z),
          id: tokenIdInput(z),
        }),
      output: z =>
        z.object({
          ...tokenInfoShape(z),
        }),
    },
    examples: [
      {
        title: 'Revoke a token of team-a',
        input: { tenant: 'team-a', id: 'Xk3v9QpL0aB7cD1e' },
      },
    ],
    action: async ({ input, credentials }) => ({
      output: await options.tokens.revoke(
        { credentials, via: 'actions' },
        input.tenant,
        input.id,
      ),
    }),
  });
}
