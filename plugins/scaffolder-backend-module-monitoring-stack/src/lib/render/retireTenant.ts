import { Tenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import { kube, RenderedFile, toYaml } from './files';
import { renderTenantFiles } from './renderTenant';
import { RenderSettings } from './settings';

/** Who retired the tenant, and when (ISO 8601). @public */
export type TenantRetirement = { retiredAt: string; retiredBy: string };

/**
 * Kept: the S3 lifecycle rule of the tenant's data, which expires it after
 * its retention; the data is not deleted by the retirement itself.
 */
const KEPT = new Set(['aws/s3-lifecycle-rule.cfn.yaml']);

const DAY_MS = 86_400_000;

/**
 * What retiring a tenant changes in its GitOps folder: its namespaces stay
 * but lose the tenant label and annotations (the catalog module then drops
 * its entities at its next run, and Fluent Bit stops routing their logs to
 * the tenant), a record of the retirement is written (`retired.yaml`, with
 * the dates its data expires), and every other rendered file is deleted:
 * the Grafana, the Fluent Bit routing, the Loki overrides, the Thanos
 * tenant, the Alertmanager route and the SNS topic stack with its
 * subscriptions. Paths are relative to the folder. Pure.
 * @public
 */
export function retireTenantFiles(
  tenant: Tenant,
  settings: RenderSettings,
  retirement: TenantRetirement,
): { files: RenderedFile[]; deleted: string[] } {
  const rendered = renderTenantFiles(tenant, settings);
  const isNamespace = (f: RenderedFile) => f.path.startsWith('namespaces/');
  const namespaces = rendered.filter(isNamespace).map(f => {
    const name = f.path.slice('namespaces/'.length, -'.yaml'.length);
    return kube(f.path, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    } satisfies INamespace);
  });
  const at = Date.parse(retirement.retiredAt);
  const after = (days: number) => new Date(at + days * DAY_MS).toISOString();
  const { retention } = tenant;
  const record: RenderedFile = {
    path: 'retired.yaml',
    format: 'config',
    content: toYaml({
      tenant: tenant.id,
      owner: tenant.owner,
      ...retirement,
      retention,
      // By age, as the retention keeps them: when the newest data goes.
      dataExpires: {
        logs: after(retention.logsDays + 1),
        metrics: after(retention.expireAfterDays),
      },
    }),
  };
  return {
    files: [...namespaces, record],
    deleted: rendered
      .filter(f => !isNamespace(f) && !KEPT.has(f.path))
      .map(f => f.path),
  };
}
