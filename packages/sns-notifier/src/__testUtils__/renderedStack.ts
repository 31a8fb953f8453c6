import { Tenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { renderTenantFiles } from '@tenant-monitoring/plugin-scaffolder-backend-module-monitoring-stack';
import { TEST_RENDER_SETTINGS } from '@tenant-monitoring/plugin-scaffolder-backend-module-monitoring-stack/testUtils';
import yaml from 'yaml';

/** The AWS side of the tests: where the rendered topics live, and the keys Alertmanager signs with. */
export type TestAws = {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
};

/** A tenant's bundle as `tenant:render` writes it: path to YAML text. */
export function renderedBundle(
  tenant: Tenant,
  aws: TestAws,
): Record<string, string> {
  const files = renderTenantFiles(tenant, {
    ...TEST_RENDER_SETTINGS,
    awsRegion: aws.region,
    awsAccountId: aws.accountId,
  });
  return Object.fromEntries(files.map(f => [f.path, f.content]));
}

/**
 * The shared alertmanager.yml with every tenant's rendered part, as the
 * platform merges it, publishing to `snsUrl` (the SNS stand-in) with the
 * test keys.
 */
export function sharedAlertmanagerConfig(
  tenants: Tenant[],
  aws: TestAws,
  snsUrl: string,
): string {
  const parts = tenants.map(t =>
    yaml.parse(renderedBundle(t, aws)['alertmanager/route.yaml']),
  );
  const [root] = parts[0].receivers;
  return yaml.stringify({
    route: {
      receiver: root.name,
      group_wait: '1s',
      group_interval: '1s',
      repeat_interval: '1h',
      routes: parts.flatMap(p => p.route.routes),
    },
    receivers: [
      root,
      ...parts.flatMap(p =>
        p.receivers.slice(1).map((r: any) => ({
          ...r,
          // What the platform adds: the endpoint (here the stand-in) and
          // credentials (on EKS, IRSA instead of keys).
          sns_configs: r.sns_configs.map((c: any) => ({
            ...c,
            api_url: snsUrl,
            sigv4: {
              ...c.sigv4,
              access_key: aws.accessKeyId,
              secret_key: aws.secretAccessKey,
            },
          })),
        })),
      ),
    ],
  });
}
