import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  normalizeGroupRef,
  TENANT_GRAFANA,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { GrafanaActionOptions } from '../lib/actionOptions';
import { GrafanaClient } from '../lib/GrafanaClient';
import { ensureGroupAccess, outputAccess } from '../lib/grafanaAccess';
import { tenantGrafanaTarget } from '../lib/grafanaConfig';
import { tenantGrafanaNames } from '../lib/grafanaNames';
import { serviceAccountConnection } from '../lib/grafanaServiceAccount';
import { writableTenant } from '../lib/tenantScope';
import { examples } from './grafanaProvision.examples';

/**
 * `monitoring-stack:grafana:provision`: in the tenant's own Grafana (the one
 * `tenant:render` renders, at the tenant's declared `grafanaUrl`), a team
 * for its owner group with the members and a folder the team administers,
 * in its default organisation, with the tenant's service account token.
 * When the portal has none for the tenant's Grafana yet, the action makes
 * it: with the Grafana's generated admin password from AWS Secrets Manager
 * it creates the service account `backstage` (Admin) and a token, and
 * stores the token there for the next runs and the dashboards card. Its
 * data sources are provisioned from files (`grafana/datasources.yaml`); the
 * action checks they are there. The tenant must be declared already; its
 * owner and Grafana come from the catalog.
 * @public
 */
export function createGrafanaProvisionAction(options: GrafanaActionOptions) {
  const { authorizer, grafanaCredentials } = options;
  return createTemplateAction({
    id: 'monitoring-stack:grafana:provision',
    description:
      "Provisions the owner team and folder in a tenant's own Grafana and checks its gateway data sources; idempotent.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        tenantId: z => z.string().describe('Loki/Thanos tenant id'),
        members: z =>
          z
            .array(z.string().email())
            .optional()
            .describe("Emails of the owner group's members"),
      },
      output: {
        orgId: z =>
          z
            .number()
            .describe(
              "The organisation of the tenant's Grafana; 0 in a dry run",
            ),
        teamId: z => z.number().describe("The owner team's id; 0 in a dry run"),
        folderUid: z => z.string(),
        folderUrl: z => z.string(),
        dataSourceUids: z =>
          z.object({ prometheus: z.string(), loki: z.string() }),
        unknownMembers: z =>
          z
            .array(z.string())
            .describe('Member emails without a Grafana user yet'),
      },
    },
    async handler(ctx) {
      const declared = await writableTenant(
        authorizer,
        ctx.input.tenantId,
        ctx,
      );
      // The team is named after the declared owner, in its one spelling.
      const tenant = {
        id: declared.id,
        owner: normalizeGroupRef(declared.owner),
      };
      const names = tenantGrafanaNames(tenant.id);
      // The scaffolder checks inputs against the JSON schema but fills no defaults.
      const members = ctx.input.members ?? [];
      const target = tenantGrafanaTarget(declared);
      const grafanaUrl = target.upstream.url;
      const uids = TENANT_GRAFANA.datasourceUids;
      ctx.output('folderUid', names.folderUid);
      ctx.output('dataSourceUids', {
        prometheus: uids.metrics,
        loki: uids.logs,
      });

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would ensure team '${tenant.owner}' with ${members.length} member(s) and folder ${names.folderUid} in org ${target.orgId} of ${grafanaUrl}, and check data sources ${uids.metrics}, ${uids.logs}; without a service account token for the portal, would first create one with the Grafana's admin password`,
        );
        outputAccess(ctx, {
          dryRun: { grafanaUrl, folderUid: names.folderUid },
        });
        return;
      }

      // The dry run returned above: it reads and creates no credentials.
      const grafana = await serviceAccountConnection({
        credentials: grafanaCredentials,
        tenantId: tenant.id,
        target,
        logger: ctx.logger,
      });
      const client = new GrafanaClient(grafana);
      const access = await ensureGroupAccess(client, {
        grafanaUrl,
        orgId: grafana.orgId,
        folder: { uid: names.folderUid, title: names.folderTitle },
        groupRef: tenant.owner,
        memberEmails: members,
        permission: 'Admin',
        logger: ctx.logger,
      });
      for (const uid of [uids.metrics, uids.logs]) {
        const found = await client.call(
          'GET',
          `/api/datasources/uid/${encodeURIComponent(uid)}`,
          { orgId: grafana.orgId, handled: [404] },
        );
        if (found.status === 404) {
          ctx.logger.warn(
            `The Grafana of tenant ${tenant.id} has no data source ${uid} yet: apply the rendered grafana/datasources.yaml and restart Grafana`,
          );
        }
      }
      ctx.logger.info(
        access.changes.length
          ? `Grafana of tenant ${tenant.id}: ${access.changes.join('; ')}`
          : `Grafana of tenant ${tenant.id} is up to date`,
      );
      outputAccess(ctx, {
        orgId: grafana.orgId,
        teamId: access.teamId,
        folderUrl: access.folderUrl,
        unknownMembers: access.unknownMembers,
      });
    },
  });
}
