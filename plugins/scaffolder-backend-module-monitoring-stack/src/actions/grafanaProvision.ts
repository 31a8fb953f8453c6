import { InputError } from '@backstage/errors';
import { RootConfigService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { normalizeGroupRef } from '@internal/plugin-monitoring-stack-common';
import { MonitoringStackActionOptions } from '../lib/actionOptions';
import { GrafanaClient } from '../lib/GrafanaClient';
import { ensureGroupAccess, outputAccess } from '../lib/grafanaAccess';
import { readGrafanaConnection } from '../lib/grafanaConfig';
import { tenantGrafanaNames } from '../lib/grafanaNames';
import { ensureDataSource, ensureOrg } from '../lib/grafanaResources';
import { tenantDataSources } from '../lib/tenantDataSources';
import { writableTenant } from '../lib/tenantScope';
import { examples } from './grafanaProvision.examples';

/**
 * `monitoring-stack:grafana:provision`: a tenant's organisation in the shared
 * Grafana (data sources are only isolated per organisation), a team for its
 * owner group with the members, a folder the team administers, and the
 * Prometheus and Loki data sources through the tenant-enforcing gateway.
 * The tenant must be declared already; its owner comes from the catalog.
 * @public
 */
export function createGrafanaProvisionAction(
  options: MonitoringStackActionOptions & {
    /** Where `backend.baseUrl`, the gateway of the data sources, is read. */
    config: RootConfigService;
  },
) {
  const { config, settings, authorizer } = options;
  return createTemplateAction({
    id: 'monitoring-stack:grafana:provision',
    description:
      "Provisions a tenant's Grafana organisation, owner team, folder and gateway data sources; idempotent.",
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
        gatewayToken: z =>
          z
            .string()
            .optional()
            .describe(
              "The tenant's gateway token (pass it as a secret); a dry run needs none",
            ),
      },
      output: {
        orgId: z =>
          z.number().describe('Grafana organisation id; 0 in a dry run'),
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
      // The scaffolder's dry run carries no secrets, and needs none here.
      if (!ctx.isDryRun && !ctx.input.gatewayToken) {
        throw new InputError(
          "gatewayToken: the tenant's gateway token is required; pass it as a secret",
        );
      }
      const grafana = readGrafanaConnection(settings, {
        needToken: !ctx.isDryRun,
      });
      const grafanaUrl = grafana.upstream.url;
      // Grafana sends the gateway token to this URL, so it is never an input.
      const dataSources = tenantDataSources({
        tenantId: tenant.id,
        gatewayBaseUrl: config.getString('backend.baseUrl'),
        gatewayToken: ctx.input.gatewayToken ?? '',
      });
      ctx.output('folderUid', names.folderUid);
      ctx.output('dataSourceUids', {
        prometheus: names.prometheusUid,
        loki: names.lokiUid,
      });

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would ensure org '${
            names.orgName
          }' in ${grafanaUrl}, team '${tenant.owner}' with ${
            members.length
          } member(s), folder ${names.folderUid} and data sources ${dataSources
            .map(d => `${d.uid} -> ${d.url}`)
            .join(', ')}`,
        );
        outputAccess(ctx, {
          dryRun: { grafanaUrl, folderUid: names.folderUid },
        });
        return;
      }

      const client = new GrafanaClient(grafana);
      const changes: string[] = [];
      const org = await ensureOrg(client, names.orgName);
      if (org.created) changes.push(`created org ${names.orgName}`);
      const access = await ensureGroupAccess(client, {
        grafanaUrl,
        orgId: org.orgId,
        folder: { uid: names.folderUid, title: names.folderTitle },
        groupRef: tenant.owner,
        memberEmails: members,
        permission: 'Admin',
        logger: ctx.logger,
      });
      changes.push(...access.changes);
      for (const dataSource of dataSources) {
        const result = await ensureDataSource(client, org.orgId, dataSource);
        if (result !== 'unchanged')
          changes.push(`${result} data source ${dataSource.uid}`);
      }
      ctx.logger.info(
        changes.length
          ? `Grafana org ${org.orgId} of tenant ${tenant.id}: ${changes.join(
              '; ',
            )}`
          : `Grafana org ${org.orgId} of tenant ${tenant.id} is up to date`,
      );
      outputAccess(ctx, {
        orgId: org.orgId,
        teamId: access.teamId,
        folderUrl: access.folderUrl,
        unknownMembers: access.unknownMembers,
      });
    },
  });
}
