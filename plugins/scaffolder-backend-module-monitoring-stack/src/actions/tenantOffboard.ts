import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ADMIN_TENANT_ID,
  tenantOfRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { audited } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { MonitoringStackActionOptions } from '../lib/actionOptions';
import { retireTenantFiles } from '../lib/render/retireTenant';
import { DEFAULT_RENDER_SETTINGS } from '../lib/render/settings';
import { stackSettingsOf } from '../lib/render/stack/stackSettingsOf';
import { tenantTokensOf } from '../lib/tenantTokensClient';
import { writeRenderedFiles } from '../lib/writeFiles';
import { examples } from './tenantOffboard.examples';

/**
 * Only the rendered files' paths and the namespaces' names are used, which
 * no address changes: valid stand-ins, so that retiring a tenant needs none
 * of the Grafana sign-in settings rendering one does.
 */
const PATHS_ONLY = {
  gatewayBaseUrl: 'https://portal.invalid',
  grafanaUrl: 'https://grafana.invalid',
  tenantGrafana: {
    ...DEFAULT_RENDER_SETTINGS.tenantGrafana,
    sso: {
      authUrl: 'https://login.invalid/authorize',
      tokenUrl: 'https://login.invalid/token',
      apiUrl: 'https://login.invalid/userinfo',
      scopes: 'openid',
      groupsAttributePath: 'groups',
    },
    egressCidrs: ['192.0.2.0/24'],
  },
};

/**
 * `monitoring-stack:tenant:offboard`: retires a tenant, for admins. It
 * revokes the tenant's access tokens at once (through the portal's tokens
 * route, as the task's user), and writes the retirement of the tenant's
 * GitOps folder into the workspace: its namespaces without the tenant label
 * (applied, the catalog module drops the tenant's entities at its next run),
 * `retired.yaml` (who, when, its retention and when its data expires), and
 * the list of the folder's other files to delete in the pull request
 * (`filesToDelete` of `publish:github:pull-request`): Grafana, Fluent Bit
 * routing, Loki overrides, Thanos tenant, Alertmanager route, SNS topic and
 * its subscriptions. The S3 lifecycle rule stays, so the data expires as
 * its retention says. Audited; a dry run revokes nothing. A tenant declared
 * in `monitoringStack.tenants` stays in the catalog until removed there.
 * @public
 */
export function createTenantOffboardAction(
  options: MonitoringStackActionOptions & {
    discovery: DiscoveryService;
    auth: AuthService;
  },
) {
  const { settings, authorizer, auditor, discovery, auth } = options;
  return createTemplateAction({
    id: 'monitoring-stack:tenant:offboard',
    description:
      'Retires a tenant: revokes its tokens and writes the retirement of its GitOps folder; admins only.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        tenantId: z => z.string().describe('Loki/Thanos tenant id'),
        confirm: z =>
          z.string().describe('The tenant id again, to confirm the retirement'),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              "The tenant's folder in the workspace; default tenants/<id>",
            ),
      },
      output: {
        targetPath: z => z.string(),
        files: z =>
          z
            .array(z.string())
            .describe('Written files, relative to the workspace'),
        filesToDelete: z =>
          z
            .array(z.string())
            .describe("The folder's files to delete, relative to targetPath"),
        revokedTokenIds: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const { tenantId, confirm } = ctx.input;
      if (confirm !== tenantId) {
        throw new InputError(
          `confirm: type the tenant id '${tenantId}' again to retire it, got '${confirm}'`,
        );
      }
      const credentials = await ctx.getInitiatorCredentials();
      // NotAllowedError for anyone but an admin with write.
      const scope = await authorizer.scope(
        ADMIN_TENANT_ID,
        credentials,
        'write',
      );
      const ref =
        scope.kind === 'admin'
          ? scope.tenants.find(t => t.id === tenantId)
          : undefined;
      if (!ref) {
        throw new NotFoundError(
          `Tenant '${tenantId}' is not in the catalog: nothing to retire`,
        );
      }
      const tenant = tenantOfRef(ref);
      const principal = credentials.principal as { userEntityRef?: string };
      const retirement = {
        retiredAt: new Date().toISOString(),
        retiredBy: principal.userEntityRef ?? 'unknown',
      };
      const { files, deleted } = retireTenantFiles(
        tenant,
        {
          ...DEFAULT_RENDER_SETTINGS,
          ...stackSettingsOf(settings),
          ...PATHS_ONLY,
          adminGroup: settings.adminGroup,
        },
        retirement,
      );
      const targetPath = ctx.input.targetPath ?? `tenants/${tenant.id}`;
      const revoked = await audited(
        auditor,
        {
          eventId: 'tenant-offboard',
          severityLevel: 'high',
          meta: { tenant: tenant.id, targetPath, dryRun: ctx.isDryRun },
        },
        async () => {
          const ids: string[] = [];
          if (!ctx.isDryRun) {
            const tokens = await tenantTokensOf(
              { discovery, auth },
              credentials,
              tenant.id,
            );
            for (const token of await tokens.list()) {
              if (token.state !== 'active') continue;
              await tokens.revoke(token.id);
              ids.push(token.id);
            }
          }
          return ids;
        },
        ids => ids && { revokedTokenIds: ids },
      );
      const { written } = await writeRenderedFiles(
        ctx.workspacePath,
        targetPath,
        files,
      );
      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run: would retire' : 'Retired'} tenant ${
          tenant.id
        }: ${revoked.length} token(s) revoked, ${
          files.length
        } file(s) written and ${deleted.length} to delete under ${targetPath}`,
      );
      ctx.output('targetPath', targetPath);
      ctx.output('files', written);
      ctx.output('filesToDelete', deleted);
      ctx.output('revokedTokenIds', revoked);
    },
  });
}
