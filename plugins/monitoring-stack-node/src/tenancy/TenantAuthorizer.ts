import {
  BackstageCredentials,
  BackstageNonePrincipal,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ADMIN_TENANT_ID,
  monitoringStackAdminReadPermission,
  monitoringStackAdminWritePermission,
  monitoringStackSilenceWritePermission,
  monitoringStackTenantReadPermission,
  monitoringStackTenantWritePermission,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { DecisionCache } from './decisionCache';
import { ServiceGrant, TenantRight } from './grants';
import { localEvaluator } from './localConditions';
import { carriedGrant } from './tenantTokenCredentials';
import { TenantDirectory } from './TenantDirectory';

export type { TenantRight, ServiceGrant } from './grants';
export { TENANT_RIGHTS } from './grants';

/** Who a request acts for: one tenant, or every tenant (the admin view). @public */
export type TenantScope =
  | { kind: 'tenant'; tenant: TenantRef }
  | { kind: 'admin'; tenants: TenantRef[] };

type Principal =
  | BackstageUserPrincipal
  | BackstageServicePrincipal
  | BackstageNonePrincipal;

const isUser = (credentials: BackstageCredentials) =>
  (credentials.principal as Principal).type === 'user';

/**
 * How the authorizer reuses permission decisions.
 * @public
 */
export type TenantDecisionOptions = {
  /**
   * How long a decision is reused, at most until the caller's credentials
   * expire; 10 s by default, 0 to ask the permission framework every time.
   * A change of the policy or of a membership takes effect within this
   * time.
   */
  ttlMs?: number;
  /** Decisions kept at most, least recently used dropped first; 10,000 by default. */
  maxEntries?: number;
  /**
   * Ask the policy once per principal and permission (`authorizeConditional`)
   * and evaluate a conditional decision of the catalog's IS_ENTITY_OWNER rule
   * here, against the ownedBy relations of the tenant's System entity as the
   * TenantDirectory read them, instead of one catalog round trip per tenant.
   * Any other conditional decision is left to the permission framework.
   * Off by default.
   */
  evaluateConditionsLocally?: boolean;
  /** The clock, for tests. */
  now?: () => number;
};

/** Reuse of decisions by default. @public */
export const TENANT_DECISION_TTL_MS = 10_000;

/**
 * Who the credentials act for, as a cache key: the user and, when a service
 * acts on the user's behalf, that service too. Undefined for anyone else.
 */
function principalKey(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as Principal;
  if (principal.type !== 'user') return undefined;
  return JSON.stringify([principal.userEntityRef, principal.actor?.subject]);
}

function isDecision(value: unknown): value is PolicyDecision {
  const result = (value as { result?: unknown } | undefined)?.result;
  return (
    result === AuthorizeResult.ALLOW ||
    result === AuthorizeResult.DENY ||
    (result === AuthorizeResult.CONDITIONAL &&
      typeof (value as { conditions?: unknown }).conditions === 'object')
  );
}

const RIGHTS: Record<
  TenantRight,
  {
    tenant: ResourcePermission<'catalog-entity'>;
    admin: BasicPermission;
    verb: string;
  }
> = {
  read: {
    tenant: monitoringStackTenantReadPermission,
    admin: monitoringStackAdminReadPermission,
    verb: 'read',
  },
  silence: {
    tenant: monitoringStackSilenceWritePermission,
    admin: monitoringStackAdminWritePermission,
    verb: 'change silences of',
  },
  write: {
    tenant: monitoringStackTenantWritePermission,
    admin: monitoringStackAdminWritePermission,
    verb: 'change',
  },
};

/**
 * The one place that decides who may do what on a tenant. Users are decided
 * by the permission framework (a resource permission on the tenant's System
 * entity, or an admin permission for `*`); service principals by their
 * grants: a static token's from config, a tenant access token's carried by
 * its credentials. An unknown tenant answers like a forbidden one, so
 * ids cannot be probed; only an admin learns that a tenant does not exist.
 *
 * Decisions are made once per principal, permission and tenant and reused
 * for {@link TenantDecisionOptions.ttlMs} (10 s), never past the expiry of
 * the credentials that asked, never for another principal; see
 * {@link TenantDecisionOptions} for deciding a policy's ownership condition
 * here.
 * @public
 */
export class TenantAuthorizer {
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** Definitive decisions, by principal, permission and tenant. */
  private readonly decisions: DecisionCache<boolean>;
  /** The policy's decisions without a resource, by principal and permission. */
  private readonly policy: DecisionCache<PolicyDecision | undefined>;

  constructor(
    private readonly deps: {
      directory: TenantDirectory;
      permissions: PermissionsService;
      /** Grants of service principals, by full subject (see `readServiceGrants`). */
      serviceGrants?: ReadonlyMap<string, ServiceGrant>;
      decisions?: TenantDecisionOptions;
    },
  ) {
    const options = deps.decisions ?? {};
    this.ttlMs = options.ttlMs ?? TENANT_DECISION_TTL_MS;
    this.now = options.now ?? Date.now;
    const max = options.maxEntries ?? 10_000;
    this.decisions = new DecisionCache(max, this.now);
    this.policy = new DecisionCache(max, this.now);
  }

  /** Until when a decision made for these credentials may be used. */
  private lifetime(credentials: BackstageCredentials) {
    const validUntil = credentials.expiresAt?.getTime() ?? Infinity;
    return {
      validUntil,
      expiresAt: Math.min(this.now() + this.ttlMs, validUntil),
    };
  }

  private cacheKey(principal: string, permission: string, tenant?: TenantRef) {
    // The tenant's entity and owner are part of the key, so that a tenant
    // that changes hands is decided again as soon as the directory sees it.
    return JSON.stringify([
      principal,
      permission,
      tenant?.id ?? null,
      tenant?.entityRef ?? null,
      tenant?.owner ?? null,
    ]);
  }

  /** A definitive decision of the permission framework, reused per principal. */
  private definitive(
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission<'catalog-entity'>,
    tenant?: TenantRef,
  ): Promise<boolean> {
    const ask = async () => {
      const [decision] = await this.deps.permissions.authorize(
        [
          tenant
            ? { permission, resourceRef: tenant.entityRef }
            : { permission },
        ] as Parameters<PermissionsService['authorize']>[0],
        { credentials },
      );
      return decision.result === AuthorizeResult.ALLOW;
    };
    const principal = principalKey(credentials);
    if (principal === undefined) return ask();
    const { expiresAt, validUntil } = this.lifetime(credentials);
    return this.decisions.get(
      this.cacheKey(principal, permission.name, tenant),
      expiresAt,
      ask,
      validUntil,
    );
  }

  /**
   * The policy's decision on a resource permission without a resource,
   * reused per principal; undefined when local evaluation is off or the
   * answer is not a decision.
   */
  private async policyDecision(
    credentials: BackstageCredentials,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<PolicyDecision | undefined> {
    const principal = principalKey(credentials);
    if (!this.deps.decisions?.evaluateConditionsLocally || !principal) {
      return undefined;
    }
    const { expiresAt, validUntil } = this.lifetime(credentials);
    return this.policy.get(
      this.cacheKey(principal, permission.name),
      expiresAt,
      async () => {
        const answer = await this.deps.permissions.authorizeConditional(
          [{ permission }],
          { credentials },
        );
        const decision = Array.isArray(answer) ? answer[0] : undefined;
        return isDecision(decision) ? decision : undefined;
      },
      validUntil,
    );
  }

  /**
   * Decides `permission` on each tenant from the policy's decision where it
   * can; undefined for the tenants the permission framework must decide.
   */
  private async decideLocally(
    credentials: BackstageCredentials,
    permission: ResourcePermission<'catalog-entity'>,
    tenants: TenantRef[],
  ): Promise<Array<boolean | undefined>> {
    const decision = await this.policyDecision(credentials, permission);
    if (!decision) return tenants.map(() => undefined);
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      const allowed = decision.result === AuthorizeResult.ALLOW;
      return tenants.map(() => allowed);
    }
    const evaluate = localEvaluator(decision);
    if (!evaluate) return tenants.map(() => undefined);
    return Promise.all(
      tenants.map(async t =>
        evaluate({ ownedBy: await this.deps.directory.ownersOf(t.id) }),
      ),
    );
  }

  /** True when the caller may use the admin view with `right`. */
  async isAdmin(
    credentials: BackstageCredentials,
    right: TenantRight = 'read',
  ): Promise<boolean> {
    const grant = this.grantOf(credentials);
    if (grant !== undefined) {
      return grant.tenant === ADMIN_TENANT_ID && grant.rights.includes(right);
    }
    if (!isUser(credentials)) return false;
    return this.definitive(credentials, RIGHTS[right].admin);
  }

  /**
   * The scope the caller may act in for `tenantId` with `right`;
   * NotAllowedError when it may not (or the tenant does not exist and the
   * caller is no admin), NotFoundError for an admin asking for no tenant.
   */
  async scope(
    tenantId: string,
    credentials: BackstageCredentials,
    right: TenantRight = 'read',
  ): Promise<TenantScope> {
    // Made only when thrown: an error's stack costs more than the decision.
    const refusal = () =>
      new NotAllowedError(
        `You may not ${RIGHTS[right].verb} tenant '${tenantId}'`,
      );
    if (tenantId === ADMIN_TENANT_ID) {
      if (!(await this.isAdmin(credentials, right))) throw refusal();
      return {
        kind: 'admin',
        tenants: [...(await this.deps.directory.all()).values()],
      };
    }
    const tenant = await this.deps.directory.find(tenantId);
    if (!(tenant && (await this.allowed(credentials, tenant, right)))) {
      if (!tenant && (await this.isAdmin(credentials))) {
        throw new NotFoundError(`No monitoring-stack tenant '${tenantId}'`);
      }
      throw refusal();
    }
    return { kind: 'tenant', tenant };
  }

  /** The tenants the caller may read, in id order. */
  async visibleTenants(
    credentials: BackstageCredentials,
  ): Promise<TenantRef[]> {
    const tenants = [...(await this.deps.directory.all()).values()].sort(
      (a, b) => a.id.localeCompare(b.id),
    );
    if (tenants.length === 0) return [];
    const grant = this.grantOf(credentials);
    if (grant !== undefined) {
      return tenants.filter(t => this.grantAllows(grant, t, 'read'));
    }
    if (!isUser(credentials)) return [];
    const permission = monitoringStackTenantReadPermission;
    const local = await this.decideLocally(credentials, permission, tenants);
    const principal = principalKey(credentials)!;
    const { expiresAt, validUntil } = this.lifetime(credentials);
    const known = local.map(
      (d, i) =>
        d ??
        this.decisions.peek(
          this.cacheKey(principal, permission.name, tenants[i]),
          validUntil,
        ),
    );
    // The rest in one batch, each decision kept on its own.
    const missing = tenants.flatMap((_, i) =>
      known[i] === undefined ? [i] : [],
    );
    if (missing.length > 0) {
      const batch = this.deps.permissions.authorize(
        missing.map(i => ({ permission, resourceRef: tenants[i].entityRef })),
        { credentials },
      );
      missing.forEach((i, j) => {
        known[i] = this.decisions.set(
          this.cacheKey(principal, permission.name, tenants[i]),
          expiresAt,
          batch.then(d => d[j].result === AuthorizeResult.ALLOW),
        );
      });
    }
    const allowed = await Promise.all(known);
    return tenants.filter((_, i) => allowed[i]);
  }

  private async allowed(
    credentials: BackstageCredentials,
    tenant: TenantRef,
    right: TenantRight,
  ): Promise<boolean> {
    const grant = this.grantOf(credentials);
    if (grant !== undefined) return this.grantAllows(grant, tenant, right);
    if (!isUser(credentials)) return false;
    const permission = RIGHTS[right].tenant;
    const [local] = await this.decideLocally(credentials, permission, [tenant]);
    return local ?? this.definitive(credentials, permission, tenant);
  }

  private grantAllows(
    grant: ServiceGrant,
    tenant: TenantRef,
    right: TenantRight,
  ) {
    return (
      (grant.tenant === tenant.id || grant.tenant === ADMIN_TENANT_ID) &&
      grant.rights.includes(right)
    );
  }

  /**
   * The grant of a service principal: the one its credentials carry (a
   * tenant access token), else its static token's; an empty one for
   * services without a grant, so they can do nothing; undefined for users.
   */
  private grantOf(credentials: BackstageCredentials): ServiceGrant | undefined {
    const principal = credentials.principal as Principal;
    if (principal.type !== 'service') return undefined;
    // The full subject: a JWKS token's `external:x` is not the static token `x`.
    return (
      carriedGrant(credentials) ??
      this.deps.serviceGrants?.get(principal.subject) ?? {
        tenant: '',
        rights: [],
      }
    );
  }
}
