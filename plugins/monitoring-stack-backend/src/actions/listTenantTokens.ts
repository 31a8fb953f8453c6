import { monitoringStackToolsWritePermission } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { MonitoringStackActionsOptions } from './actionContext';
import { tokenInfoShape, tokenTenantInput } from './tokenSchemas';

/** `list-tenant-tokens`: a tenant's access tokens, never their secrets. */
export function registerListTenantTokens(
  options: MonitoringStackActionsOptions,
) {
  options.actionsRegistry.register({
    name: 'list-tenant-tokens',
    title: 'List tenant access tokens',
    description:
      "Lists the access tokens of one monitoring-stack tenant, newest first: id, description, rights, who made it, when it expires, when it was last used and whether it is active, expired or revoked. Never a token's secret. The caller needs to be able to read the tenant.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    visibilityPermission: monitoringStackToolsWritePermission,
    schema: {
      input: z =>
        z.object({
          tenant: tokenTenantInput(z),
        }),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              ...tokenInfoShape(z),
            }),
          ),
        }),
    },
    examples: [{ title: 'Tokens of team-a', input: { tenant: 'team-a' } }],
    action: async ({ input, credentials }) => ({
      output: {
        items: await options.tokens.list(
          { credentials, via: 'actions' },
          input.tenant,
        ),
      },
    }),
  });
}
