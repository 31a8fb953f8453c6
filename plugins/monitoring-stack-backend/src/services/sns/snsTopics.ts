import { TenantScope } from '../TenantAccess';
import { TenantRegistry } from '../TenantRegistry';

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

/** Every topic the receiver accepts messages of: the admin view's topics. */
export async function knownTopicArns(
  registry: TenantRegistry,
  adminTopicArns: string[],
): Promise<Set<string>> {
  const tenants = [...(await registry.all()).values()];
  return new Set(topicsOfScope({ kind: 'admin', tenants }, adminTopicArns));
}
