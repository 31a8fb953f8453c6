import { Tenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  renderStackFiles,
  renderTenantFiles,
} from '@tenant-monitoring/plugin-scaffolder-backend-module-monitoring-stack';
import {
  TEST_RENDER_SETTINGS,
  TEST_STACK_SETTINGS,
} from '@tenant-monitoring/plugin-scaffolder-backend-module-monitoring-stack/testUtils';
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

/** A file of the shared stack's bundle as `stack:render` writes it, parsed. */
export function renderedStackFile(
  tenants: Tenant[],
  aws: TestAws,
  path: string,
): any {
  const files = renderStackFiles(tenants, {
    ...TEST_STACK_SETTINGS,
    awsRegion: aws.region,
    awsAccountId: aws.accountId,
  });
  return yaml.parse(files.find(f => f.path === path)!.content);
}

/**
 * The shared alertmanager.yml as `stack:render` writes it, every tenant
 * merged in, publishing to `snsUrl` (the SNS stand-in) with the test keys
 * and grouping within a second.
 */
export function sharedAlertmanagerConfig(
  tenants: Tenant[],
  aws: TestAws,
  snsUrl: string,
): string {
  const config = renderedStackFile(
    tenants,
    aws,
    'alertmanager/alertmanager.yml',
  );
  return yaml.stringify({
    route: {
      ...config.route,
      group_wait: '1s',
      group_interval: '1s',
      repeat_interval: '1h',
    },
    receivers: config.receivers.map((r: any) => ({
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
  });
}
