import { RootConfigService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DEFAULT_RETENTION,
  isAwsAccountId,
  isAwsRegion,
  tenantInputSchema,
  tenantLabelValue,
  TenantRetention,
  tenantGrafanaUrl,
  tenantSystemName,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { parseWith } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { MonitoringStackActionOptions } from '../lib/actionOptions';
import { grafanaGatewayUrl } from '../lib/render/gatewayUrl';
import { renderTenantFiles, tenantTopic } from '../lib/render/renderTenant';
import {
  DEFAULT_RENDER_SETTINGS,
  RenderSettings,
} from '../lib/render/settings';
import { validateBundle } from '../lib/render/validateManifests';
import { writeRenderedFiles } from '../lib/writeFiles';
import { examples } from './tenantRender.examples';

// Checked here, rather than by topicArn(), to name the input and its default.

const RETENTION_KEYS = Object.keys(DEFAULT_RETENTION) as [
  keyof TenantRetention,
  ...Array<keyof TenantRetention>,
];
const RETENTION_DEFAULTS = `defaults ${DEFAULT_RETENTION.rawDays} raw, Glacier after ${DEFAULT_RETENTION.glacierAfterDays}, expire after ${DEFAULT_RETENTION.expireAfterDays}, logs ${DEFAULT_RETENTION.logsDays}`;

/**
 * `monitoring-stack:tenant:render`: writes a tenant's GitOps manifests into
 * the workspace: its Grafana, Fluent Bit routing, Loki overrides, Thanos
 * tenant, Alertmanager route, SNS topic (CloudFormation) and S3 lifecycle
 * rule. The files are validated before any is written. Writes happen in a
 * dry run too, so the dry run shows the files. Onboarding a tenant is for
 * admins: the tenant does not exist yet, so no owner can be asked.
 * @public
 */
export function createTenantRenderAction(
  options: MonitoringStackActionOptions & {
    /** Where `backend.baseUrl`, the default gateway, is read. */
    config: RootConfigService;
  },
) {
  const { config, settings, authorizer } = options;
  const { admin } = settings;
  return createTemplateAction({
    id: 'monitoring-stack:tenant:render',
    description:
      "Renders a tenant's GitOps manifests into the workspace; idempotent.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        tenantId: z => z.string().describe('Loki/Thanos tenant id'),
        title: z => z.string().optional(),
        owner: z => z.string().describe('Entity ref of the owning group'),
        namespaces: z =>
          z
            .union([z.record(z.array(z.string())), z.array(z.string())])
            .optional()
            .describe(
              'Namespaces per cluster name, or a list of namespaces of `cluster`',
            ),
        cluster: z =>
          z
            .string()
            .optional()
            .describe(
              `Cluster of a namespace list; default monitoringStack.admin.cluster (${admin.cluster})`,
            ),
        seriesLabel: z => z.enum(['namespace', 'tenant_id']).optional(),
        // The form's shape only: the handler validates the tenant with the
        // shared model (tenantInputSchema), whose rules these do not repeat.
        retention: z =>
          z
            .record(z.enum(RETENTION_KEYS), z.number())
            .optional()
            .describe(`Days; ${RETENTION_DEFAULTS}`),
        notificationTargets: z =>
          z
            .array(
              z.object({
                type: z.enum(['email', 'slack', 'teams', 'sms']),
                address: z.string(),
              }),
            )
            .optional(),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe('Folder in the workspace; default tenants/<tenantId>'),
        // Unlike grafana:provision's, this URL is harmless as an input: only
        // admins render, nothing is sent from here, and the tenant's Grafana
        // sends its token there only once the pull request is reviewed.
        gatewayBaseUrl: z =>
          z
            .string()
            .url()
            .optional()
            .describe(
              'Default monitoringStack.admin.gatewayUrl, then backend.baseUrl; never loopback',
            ),
        grafanaNamespace: z =>
          z
            .string()
            .optional()
            .describe("Default the tenant's first namespace"),
        grafanaImage: z => z.string().optional(),
        grafanaUrl: z =>
          z
            .string()
            .url()
            .optional()
            .describe(
              "The tenant's Grafana as browsers reach it (https); default monitoringStack.tenantGrafanaUrl",
            ),
        awsRegion: z =>
          z
            .string()
            .optional()
            .describe('Default monitoringStack.admin.region'),
        awsAccountId: z =>
          z
            .string()
            .optional()
            .describe('Default monitoringStack.admin.accountId'),
        ingestionRateMb: z => z.number().positive().optional(),
        ingestionBurstSizeMb: z => z.number().positive().optional(),
      },
      output: {
        targetPath: z => z.string(),
        files: z =>
          z
            .array(z.string())
            .describe('Rendered files, relative to the workspace'),
        changedFiles: z =>
          z.array(z.string()).describe('Files whose content changed'),
        topicArn: z => z.string().describe("ARN of the tenant's SNS topic"),
        systemName: z =>
          z.string().describe("Name of the tenant's System entity"),
        discoverable: z =>
          z
            .boolean()
            .describe(
              'Whether the catalog finds the tenant from its labelled namespaces once applied',
            ),
      },
    },
    async handler(ctx) {
      if (
        !(await authorizer.isAdmin(
          await ctx.getInitiatorCredentials(),
          'write',
        ))
      ) {
        throw new NotAllowedError(
          'Only monitoring-stack admins may onboard a tenant',
        );
      }
      const { input } = ctx;
      const namespaces = Array.isArray(input.namespaces)
        ? { [input.cluster ?? admin.cluster]: input.namespaces }
        : input.namespaces;
      const tenant = parseWith(
        tenantInputSchema,
        Object.fromEntries(
          Object.entries({
            id: input.tenantId,
            title: input.title,
            owner: input.owner,
            namespaces,
            seriesLabel: input.seriesLabel,
            retention: input.retention,
            notificationTargets: input.notificationTargets,
          }).filter(([, v]) => v !== undefined),
        ),
        'tenant',
      );
      const awsRegion = input.awsRegion ?? admin.region;
      const awsAccountId = input.awsAccountId ?? admin.accountId;
      if (!awsRegion || !isAwsRegion(awsRegion)) {
        throw new InputError(
          `awsRegion: needs an AWS region like eu-west-1 (input or monitoringStack.admin.region), got '${
            awsRegion ?? ''
          }'`,
        );
      }
      if (!awsAccountId || !isAwsAccountId(awsAccountId)) {
        throw new InputError(
          `awsAccountId: needs a 12-digit AWS account id (input or monitoringStack.admin.accountId), got '${
            awsAccountId ?? ''
          }'`,
        );
      }
      if (!admin.oidcIssuer) {
        throw new InputError(
          "monitoringStack.admin.oidcIssuer: needs the cluster's OIDC issuer (aws eks describe-cluster --query cluster.identity.oidc.issuer, without https://): the role that reads the tenant's gateway token trusts the tenant's service account through it",
        );
      }
      const grafanaUrl =
        input.grafanaUrl ??
        (settings.tenantGrafanaUrlPattern &&
          tenantGrafanaUrl(settings.tenantGrafanaUrlPattern, tenant.id));
      if (!grafanaUrl) {
        throw new InputError(
          "grafanaUrl: needs the tenant's Grafana address (input grafanaUrl or monitoringStack.tenantGrafanaUrl)",
        );
      }
      const renderSettings: RenderSettings = {
        ...DEFAULT_RENDER_SETTINGS,
        gatewayBaseUrl: grafanaGatewayUrl({
          input: input.gatewayBaseUrl,
          gatewayUrl: admin.gatewayUrl,
          backendBaseUrl: config.getString('backend.baseUrl'),
        }),
        grafanaNamespace: input.grafanaNamespace,
        grafanaImage:
          input.grafanaImage ?? DEFAULT_RENDER_SETTINGS.grafanaImage,
        grafanaUrl,
        tenantGrafana: admin.tenantGrafana,
        adminGroup: settings.adminGroup,
        cluster: admin.cluster,
        oidcIssuer: admin.oidcIssuer,
        portalQueueArn: admin.portalQueueArn,
        metricsBucket: admin.metricsBucket,
        logsBucket: admin.logsBucket,
        ingestionRateMb:
          input.ingestionRateMb ?? DEFAULT_RENDER_SETTINGS.ingestionRateMb,
        ingestionBurstSizeMb:
          input.ingestionBurstSizeMb ??
          DEFAULT_RENDER_SETTINGS.ingestionBurstSizeMb,
        awsRegion,
        awsAccountId,
      };
      const files = renderTenantFiles(tenant, renderSettings);
      // Nothing is written unless every file passes its validator.
      const problems = await validateBundle(files);
      if (problems.length > 0) {
        throw new InputError(
          `The rendered manifests are invalid: ${problems.join('; ')}`,
        );
      }
      if (
        tenant.retention.glacierAfterDays !==
        renderSettings.metricsGlacierAfterDays
      ) {
        ctx.logger.warn(
          `Tenant ${tenant.id}'s metrics move to Glacier Instant Retrieval after the metrics bucket's ${renderSettings.metricsGlacierAfterDays} days, not its glacierAfterDays (${tenant.retention.glacierAfterDays}): Thanos keeps every tenant's blocks at the bucket's root, so one rule applies to all; its logs follow glacierAfterDays`,
        );
      }

      const targetPath = input.targetPath ?? `tenants/${tenant.id}`;
      const { written, changed } = await writeRenderedFiles(
        ctx.workspacePath,
        targetPath,
        files,
      );
      ctx.logger.info(
        changed.length
          ? `${ctx.isDryRun ? 'Dry run: rendered' : 'Rendered'} ${
              changed.length
            } changed file(s) of tenant ${
              tenant.id
            } under ${targetPath}: ${changed.join(', ')}`
          : `The manifests of tenant ${tenant.id} under ${targetPath} are up to date`,
      );
      ctx.output('targetPath', targetPath);
      ctx.output('files', written);
      ctx.output('changedFiles', changed);
      ctx.output('topicArn', tenantTopic(tenant, renderSettings).arn);
      ctx.output('systemName', tenantSystemName(tenant.id));
      const discoverable = tenantLabelValue(tenant.id) !== undefined;
      if (!discoverable) {
        ctx.logger.warn(
          `Tenant id '${tenant.id}' cannot be a Kubernetes label value, so no labelled Namespaces were rendered: add the tenant to monitoringStack.tenants in app-config for the catalog to show it`,
        );
      }
      ctx.output('discoverable', discoverable);
    },
  });
}
