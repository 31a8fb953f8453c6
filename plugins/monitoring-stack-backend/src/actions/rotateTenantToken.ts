import { monitoringStackToolsWritePermission } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { REVOCATION_MS } from '../tokens/TenantTokenVerifier';
import { MonitoringStackActionsOptions } from './actionContext';
import {
  tokenIdInput,
  tokenInfoShape,
  tokenSecretOutput,
  tokenTenantInput,
} from './tokenSchemas';

/** `rotate-tenant-token`: a new secret for a tenant's token, returned once. */
export function registerRotateTenantToken(
  options: MonitoringStackActionsOptions,
) {
  options.actionsRegistry.register({
    name: 'rotate-tenant-token',
    title: 'Rotate a tenant access token',
    description: `Gives an active access token of one monitoring-stack tenant a new secret, keeping its id, rights and expiry. The old token stops working within ${
      REVOCATION_MS / 1000
    } seconds. Needs the tenant's write right and the token's rights. The new token is in the answer this once.`,
    attributes: { readOnly: false, idempotent: false, destructive: true },
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
          token: tokenSecretOutput(z),
        }),
    },
    examples: [
      {
        title: 'Rotate a token of team-a',
        input: { tenant: 'team-a', id: 'Xk3v9QpL0aB7cD1e' },
      },
    ],
    action: async ({ input, credentials }) => ({
      output: await options.tokens.rotate(
        { credentials, via: 'actions' },
        input.tenant,
        input.id,
      ),
    }),
  });
}
