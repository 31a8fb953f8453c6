import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { normalizeGroupRef } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { audited } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { GrafanaActionOptions } from '../lib/actionOptions';
import { GrafanaClient } from '../lib/GrafanaClient';
import { ensureGroupAccess, outputAccess } from '../lib/grafanaAccess';
import {
  tenantGrafanaConnection,
  tenantGrafanaTarget,
} from '../lib/grafanaConfig';
import { tenantGrafanaNames } from '../lib/grafanaNames';
import { FOLDER_PERMISSION } from '../lib/grafanaResources';
import { writableTenant } from '../lib/tenantScope';
import { examples } from './grafanaGrant.examples';

const PERMISSIONS = Object.keys(FOLDER_PERMISSION) as [
  keyof typeof FOLDER_PERMISSION,
];

/**
 * `monitoring-stack:grafana:grant`: gives another group access to the folder
 * in a tenant's own Grafana, with the same team logic as
 * `grafana:provision`, with the service account token that action uses
 * (from config, or the one it stored). Changing who may see a tenant's
 * folder needs the right to change the tenant.
 * @public
 */
export function createGrafanaGrantAction(options: GrafanaActionOptions) {
  const { authorizer, auditor, grafanaCredentials } = options;
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
      const { id } = tenant;
      let groupRef: string;
      try {
        groupRef = normalizeGroupRef(ctx.input.group);
      } catch (e) {
        throw new InputError(`group: ${(e as Error).message}`);
      }
      const names = tenantGrafanaNames(id);
      // The scaffolder checks inputs against the JSON schema but fills no defaults.
      const members = ctx.input.members ?? [];
      const permission = ctx.input.permission ?? 'View';
      const target = tenantGrafanaTarget(tenant);
      const grafanaUrl = target.upstream.url;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would give team '${groupRef}' (${members.length} member(s)) ${permission} on folder ${names.folderUid} in org ${target.orgId} of ${grafanaUrl}`,
        );
        outputAccess(ctx, {
          dryRun: { grafanaUrl, folderUid: names.folderUid },
        });
        return;
      }
      const grafana = await tenantGrafanaConnection(grafanaCredentials, tenant);
      const client = new GrafanaClient(grafana);
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
          return {
            orgId: grafana.orgId,
            access: await ensureGroupAccess(client, {
              grafanaUrl,
              orgId: grafana.orgId,
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
      outputAccess(ctx, {
        orgId: orgId,
        teamId: access.teamId,
        folderUrl: access.folderUrl,
        unknownMembers: access.unknownMembers,
      });
    },
  });
}
