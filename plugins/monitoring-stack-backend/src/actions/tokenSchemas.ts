import { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';

/** The zod the actions registry hands a schema (its own copy of zod v3). */
type RegistryZod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/** A string schema and an object shape of the registry's zod. */
type ZodString = ReturnType<RegistryZod['string']>;
type ZodShape = Parameters<RegistryZod['object']>[0];

/** The `tenant` input of the token tools: one tenant, never the admin view. */
export const tokenTenantInput = (z: RegistryZod): ZodString =>
  z.string().describe("Tenant id, e.g. 'team-a' (one tenant, never '*')");

/** The `id` input of the token tools. */
export const tokenIdInput = (z: RegistryZod): ZodString =>
  z.string().describe('The token id, the <id> of mst_<id>_<secret>, as listed');

/** What the token tools answer of a token: never its secret or hash. */
export const tokenInfoShape = (z: RegistryZod): ZodShape => ({
  id: z.string(),
  tenant: z.string(),
  description: z.string(),
  rights: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  rotatedAt: z.string().optional(),
  revokedAt: z.string().optional(),
  lastUsedAt: z.string().optional(),
  state: z.enum(['active', 'expired', 'revoked']),
});

/** The token itself, in the answer of create and rotate only. */
export const tokenSecretOutput = (z: RegistryZod): ZodString =>
  z
    .string()
    .describe(
      'The token, mst_<id>_<secret>, shown this once: send it as Authorization: Bearer <token> to /api/monitoring-stack/tenants/<tenant>/...',
    );
