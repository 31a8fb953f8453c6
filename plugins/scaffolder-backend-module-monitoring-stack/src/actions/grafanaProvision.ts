import { InputError } from '@backstage/errors';
import { RootConfigService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { TenantAuthorizer } from '@internal/plugin-monitoring-stack-node';
import { GrafanaClient } from '../lib/GrafanaClient';
import { ensureGroupAccess } from '../lib/grafanaAccess';
import { readGrafanaConnection } from '../lib/grafanaConfig';
import { tenantGrafanaNames } from '../lib/grafanaNames';
import { ensureDataSource, ensureOrg } from '../lib/grafanaResources';
import { tenantDataSources } from '../lib/tenantDataSources';
import { tenantFromInput } from '../lib/tenantInput';
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
export function createGrafanaProvisionAction(options: {
  config: RootConfigService;
  authorizer: TenantAuthorizer;
}) {
  const { config, authorizer } = options;
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
      // Normalises the declared owner to the group ref the team is named after.
      const tenant = tenantFromInput({
        id: declared.id,
        owner: declared.owner,
        seriesLabel: 'tenant_id',
      });
      const names = tenantGrafanaNames(tenant.id);
      // The scaffolder checks inputs against the JSON schema but fills no defaults.
      const members = ctx.input.members ?? [];
      // The scaffolder's dry run carries no secrets, and needs none here.
      if (!ctx.isDryRun && !ctx.input.gatewayToken) {
        throw new InputError(
          "gatewayToken: the tenant's gateway token is required; pass it as a secret",
        );
      }
      const grafana = readGrafanaConnection(config, {
        needToken: !ctx.isDryRun,
      });
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
          `Dry run: would ensure org '${names.orgName}' in ${
            grafana.url
          }, team '${tenant.owner}' with ${members.length} member(s), folder ${
            names.folderUid
          } and data sources ${dataSources
            .map(d => `${d.uid} -> ${d.url}`)
            .join(', ')}`,
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
      const changes: string[] = [];
      const org = await ensureOrg(client, names.orgName);
      if (org.created) changes.push(`created org ${names.orgName}`);
      const access = await ensureGroupAccess(client, {
        grafanaUrl: grafana.url,
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
      ctx.output('orgId', org.orgId);
      ctx.output('teamId', access.teamId);
      ctx.output('folderUrl', access.folderUrl);
      ctx.output('unknownMembers', access.unknownMembers);
    },
  });
}
