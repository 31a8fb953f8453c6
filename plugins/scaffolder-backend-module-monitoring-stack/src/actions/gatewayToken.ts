import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { TENANT_TOKEN_MAX_EXPIRY_DAYS } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  audited,
  tenantGrafanaName,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { GrafanaActionOptions } from '../lib/actionOptions';
import { writableTenant } from '../lib/tenantScope';
import { tenantTokensOf } from '../lib/tenantTokensClient';
import { examples } from './gatewayToken.examples';

/** What the action's tokens are called on the tenant's page. */
export const gatewayTokenDescription = (tenantId: string) =>
  `${tenantGrafanaName(tenantId)} data sources (tenant:gateway-token)`;

/**
 * `monitoring-stack:tenant:gateway-token`: a read-only tenant access token
 * for the data sources of the tenant's own Grafana, made by the portal as
 * the task's user (who needs the tenant's write right, there as here) and
 * written to the AWS Secrets Manager secret the Grafana's ExternalSecret
 * reads (`monitoring-stack/tenants/grafana-<tenant>/gateway-token`): no
 * static token, no app-config entry, no restart of the portal. The token
 * never appears in the task's output or log. Earlier tokens of the action
 * stay valid (the Grafana sends the old one until it restarts with the new
 * secret) and are listed, to be revoked on the tenant's page afterwards.
 * @public
 */
export function createGatewayTokenAction(
  options: GrafanaActionOptions & {
    discovery: DiscoveryService;
    auth: AuthService;
  },
) {
  const { authorizer, grafanaCredentials, discovery, auth, auditor } = options;
  return createTemplateAction({
    id: 'monitoring-stack:tenant:gateway-token',
    description:
      "Makes a read-only tenant token for the tenant Grafana's data sources and stores it in AWS Secrets Manager.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        tenantId: z => z.string().describe('Loki/Thanos tenant id'),
      },
      output: {
        tokenId: z =>
          z.string().describe("The new token's id; empty in a dry run"),
        expiresAt: z => z.string().describe('When it expires (ISO 8601)'),
        secretName: z =>
          z.string().describe('The Secrets Manager secret it was written to'),
        previousTokenIds: z =>
          z
            .array(z.string())
            .describe(
              'Active tokens of earlier runs: revoke them once the Grafana runs with the new one',
            ),
      },
    },
    async handler(ctx) {
      const tenant = await writableTenant(authorizer, ctx.input.tenantId, ctx);
      const secretName = grafanaCredentials.gatewayTokenSecretName(tenant.id);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would make a read-only token for tenant ${tenant.id} and write it to ${secretName}`,
        );
        ctx.output('tokenId', '');
        ctx.output('expiresAt', '');
        ctx.output('secretName', secretName);
        ctx.output('previousTokenIds', []);
        return;
      }
      const tokens = await tenantTokensOf(
        { discovery, auth },
        await ctx.getInitiatorCredentials(),
        tenant.id,
      );
      const description = gatewayTokenDescription(tenant.id);
      const previous = (await tokens.list())
        .filter(t => t.state === 'active' && t.description === description)
        .map(t => t.id);
      const issued = await audited(
        auditor,
        {
          eventId: 'tenant-gateway-token',
          severityLevel: 'medium',
          meta: { tenant: tenant.id, secretName },
        },
        async () => {
          const made = await tokens.create({
            description,
            rights: ['read'],
            expiresInDays: TENANT_TOKEN_MAX_EXPIRY_DAYS,
          });
          try {
            await grafanaCredentials.storeGatewayToken(tenant.id, made.token);
          } catch (error) {
            // A token nobody holds is revoked rather than left valid.
            await tokens.revoke(made.id).catch(() => undefined);
            throw error;
          }
          return made;
        },
        made => (made ? { tokenId: made.id } : undefined),
      );
      ctx.logger.info(
        `Wrote a read-only token of tenant ${tenant.id} (id ${issued.id}, expires ${issued.expiresAt}) to ${secretName}`,
      );
      ctx.output('tokenId', issued.id);
      ctx.output('expiresAt', issued.expiresAt);
      ctx.output('secretName', secretName);
      ctx.output('previousTokenIds', previous);
    },
  });
}
