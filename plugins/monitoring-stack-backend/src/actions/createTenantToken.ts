import {
  monitoringStackToolsWritePermission,
  TENANT_TOKEN_DEFAULT_EXPIRY_DAYS,
  TENANT_TOKEN_MAX_EXPIRY_DAYS,
  TENANT_TOKEN_RIGHTS,
  TenantTokenRight,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { MonitoringStackActionsOptions } from './actionContext';
import {
  tokenInfoShape,
  tokenSecretOutput,
  tokenTenantInput,
} from './tokenSchemas';

/** `create-tenant-token`: a new access token of one tenant, returned once. */
export function registerCreateTenantToken(
  options: MonitoringStackActionsOptions,
) {
  options.actionsRegistry.register({
    name: 'create-tenant-token',
    title: 'Create a tenant access token',
    description:
      "Creates an access token of one monitoring-stack tenant, for a tool such as Grafana or a script to call the gateway with (Authorization: Bearer <token>). Needs the tenant's write right; the token gets only rights the caller holds. The token is in the answer this once: the portal keeps only a hash of it.",
    attributes: { readOnly: false, idempotent: false, destructive: false },
    visibilityPermission: monitoringStackToolsWritePermission,
    schema: {
      input: z =>
        z.object({
          tenant: tokenTenantInput(z),
          description: z
            .string()
            .describe("What the token is for, e.g. 'Grafana of team-a'"),
          rights: z
            .array(
              z.enum(
                TENANT_TOKEN_RIGHTS as [
                  TenantTokenRight,
                  ...TenantTokenRight[],
                ],
              ),
            )
            .min(1)
            .describe(
              "What the token may do on its tenant: 'read' (metrics, logs, alerts), 'silence' (create and expire silences), 'write' (Loki rules); only rights the caller holds",
            ),
          expiresInDays: z
            .number()
            .int()
            .min(1)
            .max(TENANT_TOKEN_MAX_EXPIRY_DAYS)
            .optional()
            .describe(
              `Days until the token expires; ${TENANT_TOKEN_DEFAULT_EXPIRY_DAYS} by default, ${TENANT_TOKEN_MAX_EXPIRY_DAYS} at most`,
            ),
        }),
      output: z =>
        z.object({
          ...tokenInfoShape(z),
          token: tokenSecretOutput(z),
        }),
    },
    examples: [
      {
        title: 'A read-only token for the Grafana of team-a, for 30 days',
        input: {
          tenant: 'team-a',
          description: 'Grafana of team-a',
          rights: ['read'],
          expiresInDays: 30,
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const { tenant, ...body } = input;
      return {
        output: await options.tokens.create(
          { credentials, via: 'actions' },
          tenant,
          body,
        ),
      };
    },
  });
}
