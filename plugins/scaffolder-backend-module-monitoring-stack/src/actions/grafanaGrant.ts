import {
  AuditorService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  audited,
  TenantAuthorizer,
} from '@internal/plugin-monitoring-stack-node';
import { GrafanaClient } from '../lib/GrafanaClient';
import { ensureGroupAccess } from '../lib/grafanaAccess';
import { readGrafanaConnection } from '../lib/grafanaConfig';
import { tenantGrafanaNames } from '../lib/grafanaNames';
import { FOLDER_PERMISSION, findOrgId } from '../lib/grafanaResources';
import { tenantFromInput } from '../lib/tenantInput';
import { writableTenant } from '../lib/tenantScope';
import { examples } from './grafanaGrant.examples';

const PERMISSIONS = Object.keys(FOLDER_PERMISSION) as [
  keyof typeof FOLDER_PERMISSION,
];

/**
 * `monitoring-stack:grafana:grant`: gives another group access to a tenant's
 * Grafana folder, with the same team logic as `grafana:provision`. The
 * tenant's organisation must exist already. Changing who may see a tenant's
 * folder needs the right to change the tenant.
 * @public
 */
export function createGrafanaGrantAction(options: {
  config: RootConfigService;
  authorizer: TenantAuthorizer;
  /** Puts every grant on record. */
  auditor?: AuditorService;
}) {
  const { config, authorizer, auditor } = options;
  return createTemplateAction({
    id: 'monitoring-stack:grafana:grant',
    description:
      "Gives a group's team a permission on a tenant's Grafana folder; idempotent.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        tenantId: z => z.string().describe('Loki/Thanos tenant id'),
        group: z =>
          z.string().describe('Entity ref of the group to give access'),
        members: z =>
          z
            .array(z.string().email())
            .optional()
            .describe("Emails of the group's members"),
        permission: z =>
          z
            .enum(PERMISSIONS)
            .optional()
            .describe('View (default), Edit or Admin'),
      },
      output: {
        orgId: z => z.number().describe('0 in a dry run'),
        teamId: z => z.number().describe('0 in a dry run'),
        folderUrl: z => z.string(),
        unknownMembers: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const tenant = await writableTenant(authorizer, ctx.input.tenantId, ctx);
      // The group takes the owner's place to reuse the model's group-ref rules.
      const { id, owner: groupRef } = tenantFromInput({
        id: tenant.id,
        owner: ctx.input.group,
        seriesLabel: 'tenant_id',
      });
      const names = tenantGrafanaNames(id);
      // The scaffolder checks inputs against the JSON schema but fills no defaults.
      const members = ctx.input.members ?? [];
      const permission = ctx.input.permission ?? 'View';
      const grafana = readGrafanaConnection(config, {
        needToken: !ctx.isDryRun,
      });
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would give team '${groupRef}' (${members.length} member(s)) ${permission} on folder ${names.folderUid} of org '${names.orgName}' in ${grafana.url}`,
        );
        ctx.output('orgId', 0);
        ctx.output('teamId', 0);
        ctx.output(
          'folderUrl',
          `${grafana.url}/dashboards/f/${names.folderUid}/`,
        );
        ctx.output('unknownMembers', []);
        return;
      }
      const client = new GrafanaClient({
        baseUrl: grafana.url,
        token: grafana.token,
      });
      const { orgId, access } = await audited(
        auditor,
        {
          eventId: 'grafana-grant',
          severityLevel: 'high',
          meta: {
            tenant: id,
            group: groupRef,
            permission,
            user: ctx.user?.ref ?? null,
          },
        },
        async () => {
          const org = await findOrgId(client, names.orgName);
          return {
            orgId: org,
            access: await ensureGroupAccess(client, {
              grafanaUrl: grafana.url,
              orgId: org,
              folder: { uid: names.folderUid, title: names.folderTitle },
              groupRef,
              memberEmails: members,
              permission,
              logger: ctx.logger,
            }),
          };
        },
        result => result && { changes: result.access.changes },
      );
      ctx.logger.info(
        access.changes.length
          ? `Grafana access of ${groupRef} to tenant ${id}: ${access.changes.join(
              '; ',
            )}`
          : `${groupRef} already has ${permission} on tenant ${id}'s folder`,
      );
      ctx.output('orgId', orgId);
      ctx.output('teamId', access.teamId);
      ctx.output('folderUrl', access.folderUrl);
      ctx.output('unknownMembers', access.unknownMembers);
    },
  });
}
