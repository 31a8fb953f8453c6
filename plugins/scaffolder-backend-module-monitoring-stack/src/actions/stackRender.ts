import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ADMIN_TENANT_ID,
  Tenant,
  tenantOfRef,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { audited } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { MonitoringStackActionOptions } from '../lib/actionOptions';
import { renderStackFiles } from '../lib/render/stack/renderStack';
import { validateBundle } from '../lib/render/validateManifests';
import { writeRenderedFiles } from '../lib/writeFiles';
import { stackSettingsOf } from '../lib/render/stack/stackSettingsOf';
import { examples } from './stackRender.examples';

/**
 * The directory's tenants as the stack of `cluster` sees them: their
 * namespaces there only. A namespace tenant with none there has no series,
 * logs or alerts in this stack to scope, and is left out.
 */
function tenantsOnCluster(refs: TenantRef[], cluster: string) {
  const tenants: Tenant[] = [];
  const absent: string[] = [];
  for (const ref of refs) {
    const tenant = tenantOfRef(ref);
    const namespaces = tenant.namespaces[cluster] ?? [];
    if (tenant.seriesLabel === 'namespace' && namespaces.length === 0) {
      absent.push(tenant.id);
    } else {
      tenants.push({ ...tenant, namespaces: { [cluster]: namespaces } });
    }
  }
  return { tenants, absent };
}

/**
 * `monitoring-stack:stack:render`: writes the shared stack's bundle into the
 * workspace: Prometheus (an HA pair), Alertmanager (a cluster of three),
 * Thanos, Loki's Helm values, Fluent Bit and the AWS resources, with every
 * tenant the portal knows merged in. Validated whole before anything is
 * written; for admins only, whose write right on every tenant it checks.
 * @public
 */
export function createStackRenderAction(options: MonitoringStackActionOptions) {
  const { settings, authorizer, auditor } = options;
  return createTemplateAction({
    id: 'monitoring-stack:stack:render',
    description:
      "Renders the shared monitoring stack's GitOps bundle, every tenant merged in, into the workspace; idempotent.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        targetPath: z =>
          z
            .string()
            .optional()
            .describe('Folder in the workspace; default stack'),
      },
      output: {
        targetPath: z => z.string(),
        files: z =>
          z
            .array(z.string())
            .describe('Rendered files, relative to the workspace'),
        changedFiles: z =>
          z.array(z.string()).describe('Files whose content changed'),
        tenants: z =>
          z.array(z.string()).describe('Ids of the tenants merged in'),
      },
    },
    async handler(ctx) {
      // NotAllowedError for anyone but an admin with write.
      const scope = await authorizer.scope(
        ADMIN_TENANT_ID,
        await ctx.getInitiatorCredentials(),
        'write',
      );
      const stackSettings = stackSettingsOf(settings);
      const { tenants, absent } = tenantsOnCluster(
        scope.kind === 'admin' ? scope.tenants : [],
        stackSettings.cluster,
      );
      if (absent.length > 0) {
        ctx.logger.warn(
          `Left out tenant(s) ${absent.join(', ')}: no namespaces on cluster ${
            stackSettings.cluster
          }`,
        );
      }
      const files = renderStackFiles(tenants, stackSettings);
      // Nothing is written unless every file passes its validator.
      const problems = await validateBundle(files);
      if (problems.length > 0) {
        throw new InputError(
          `The rendered stack is invalid: ${problems.join('; ')}`,
        );
      }
      const targetPath = ctx.input.targetPath ?? 'stack';
      const ids = tenants.map(t => t.id).sort();
      const { written, changed } = await audited(
        auditor,
        {
          eventId: 'stack-render',
          severityLevel: 'medium',
          meta: { targetPath, tenants: ids, dryRun: ctx.isDryRun },
        },
        () => writeRenderedFiles(ctx.workspacePath, targetPath, files),
        result => result && { changedFiles: result.changed },
      );
      ctx.logger.info(
        changed.length
          ? `Rendered ${
              changed.length
            } changed file(s) of the shared stack with ${
              ids.length
            } tenant(s) under ${targetPath}: ${changed.join(', ')}`
          : `The shared stack under ${targetPath} is up to date`,
      );
      ctx.output('targetPath', targetPath);
      ctx.output('files', written);
      ctx.output('changedFiles', changed);
      ctx.output('tenants', ids);
    },
  });
}
