import {
  ConditionalPolicyDecision,
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';

/** What a tenant's System entity is, for the rules evaluated here. */
export type TenantFacts = {
  /** The `ownedBy` relation targets of the tenant's System entity. */
  ownedBy: readonly string[];
};

/**
 * The catalog's rules this package evaluates itself, exactly as the catalog
 * applies them (`@backstage/plugin-catalog-backend`'s permission rules).
 */
const RULES: Record<
  string,
  (params: PermissionCondition['params'], facts: TenantFacts) => boolean
> = {
  // isEntityOwner: one of the claims is a target of an ownedBy relation.
  IS_ENTITY_OWNER: (params, facts) => {
    const claims = params?.claims;
    return (
      Array.isArray(claims) &&
      facts.ownedBy.some(owner => (claims as unknown[]).includes(owner))
    );
  },
};

function known(criteria: PermissionCriteria<PermissionCondition>): boolean {
  if ('allOf' in criteria) return criteria.allOf.every(known);
  if ('anyOf' in criteria) return criteria.anyOf.every(known);
  if ('not' in criteria) return known(criteria.not);
  return (
    criteria.resourceType === 'catalog-entity' &&
    Object.prototype.hasOwnProperty.call(RULES, criteria.rule)
  );
}

function apply(
  criteria: PermissionCriteria<PermissionCondition>,
  facts: TenantFacts,
): boolean {
  if ('allOf' in criteria) return criteria.allOf.every(c => apply(c, facts));
  if ('anyOf' in criteria) return criteria.anyOf.some(c => apply(c, facts));
  if ('not' in criteria) return !apply(criteria.not, facts);
  return RULES[criteria.rule](criteria.params, facts);
}

/**
 * A local evaluation of a conditional decision on a tenant's System entity,
 * when it is the catalog's and names only rules known here; undefined
 * otherwise, so that the permission framework decides.
 */
export function localEvaluator(
  decision: ConditionalPolicyDecision,
): ((facts: TenantFacts) => boolean) | undefined {
  if (
    decision.pluginId !== 'catalog' ||
    decision.resourceType !== 'catalog-entity' ||
    !decision.conditions ||
    !known(decision.conditions)
  ) {
    return undefined;
  }
  return facts => apply(decision.conditions, facts);
}
