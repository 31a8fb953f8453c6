import {
  TenantDirectory,
  TenantScope,
} from '@tenant-monitoring/plugin-monitoring-stack-node';

/**
 * The SNS topics a scope may see: a tenant's own topics, or for the admin
 * view every tenant's topics plus the admin stack's, sorted and without
 * repeats.
 */
export function topicsOfScope(
  scope: TenantScope,
  adminTopicArns: string[],
): string[] {
  const topics =
    scope.kind === 'tenant'
      ? scope.tenant.snsTopicArns
      : [...scope.tenants.flatMap(t => t.snsTopicArns), ...adminTopicArns];
  return [...new Set(topics)].sort();
}

/**
 * Who each accepted topic belongs to: the tenants naming it, `*` for the
 * admin topics. Usually one owner; a topic two tenants name has both.
 */
export async function topicOwners(
  registry: TenantDirectory,
  adminTopicArns: string[],
): Promise<Map<string, Set<string>>> {
  const owners = new Map<string, Set<string>>();
  const add = (arn: string, owner: string) =>
    owners.set(arn, (owners.get(arn) ?? new Set()).add(owner));
  for (const tenant of (await registry.all()).values()) {
    for (const arn of tenant.snsTopicArns) add(arn, tenant.id);
  }
  for (const arn of adminTopicArns) add(arn, '*');
  return owners;
}

/** Every topic the receiver accepts messages of: the admin view's topics. */
export async function knownTopicArns(
  registry: TenantDirectory,
  adminTopicArns: string[],
): Promise<Set<string>> {
  return new Set((await topicOwners(registry, adminTopicArns)).keys());
}
