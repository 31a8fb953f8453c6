import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  ADMIN_TENANT_ID,
  IssuedTenantToken,
  TENANT_TOKEN_DEFAULT_EXPIRY_DAYS,
  TENANT_TOKEN_MAX_DESCRIPTION,
  TENANT_TOKEN_MAX_EXPIRY_DAYS,
  TENANT_TOKEN_RIGHTS,
  TenantRef,
  TenantTokenInfo,
  TenantTokenRight,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  audited,
  parseWith,
  TenantAuthorizer,
  TenantRight,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { Request } from 'express';
import { z } from 'zod';
import {
  formatTenantToken,
  hashTokenSecret,
  isTokenId,
  newTokenId,
  newTokenSecret,
} from './tenantTokenFormat';
import {
  StoredTenantToken,
  TenantTokenStore,
  tokenInfo,
} from './TenantTokenStore';
import { TenantTokenVerifier } from './TenantTokenVerifier';

const DAY_MS = 24 * 3_600_000;

/** Tokens a tenant may have that are neither revoked nor expired. */
export const MAX_ACTIVE_TOKENS_PER_TENANT = 100;

/** The body of a new token, as the route and the action take it. */
export const newTenantTokenSchema = z
  .object({
    description: z
      .string()
      .trim()
      .min(1, 'Required: say what the token is for')
      .max(TENANT_TOKEN_MAX_DESCRIPTION),
    rights: z
      .array(
        z.enum(
          TENANT_TOKEN_RIGHTS as [TenantTokenRight, ...TenantTokenRight[]],
        ),
      )
      .min(1, 'Give the token at least one right')
      .refine(r => new Set(r).size === r.length, 'A right is listed twice'),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(TENANT_TOKEN_MAX_EXPIRY_DAYS)
      .default(TENANT_TOKEN_DEFAULT_EXPIRY_DAYS),
  })
  .strict();

/** Who acts, and through which request when there is one (for the audit). */
export type TokenCaller = {
  credentials: BackstageCredentials;
  request?: Request;
  /** Where the call came from, when not a route: `actions`. */
  via?: string;
};

/**
 * Lists, creates, rotates and revokes a tenant's access tokens, for the
 * routes and the actions alike. Only users act: those who may read the
 * tenant list its tokens; those with its `write` right (its owners, and
 * admins through the default policy) create, rotate and revoke them, giving
 * a token only rights they hold on the tenant themselves. A tenant token is
 * for one tenant: `*` has none. Each change is on record
 * (`tenant-token-write`), never with the secret, which only the answer of a
 * create or a rotation holds.
 */
export class TenantTokenManager {
  private readonly now: () => number;

  constructor(
    private readonly deps: {
      store: TenantTokenStore;
      verifier: TenantTokenVerifier;
      authorizer: TenantAuthorizer;
      auditor: AuditorService;
      now?: () => number;
    },
  ) {
    this.now = deps.now ?? (() => Date.now());
  }

  async list(
    caller: TokenCaller,
    tenantId: string,
  ): Promise<TenantTokenInfo[]> {
    const tenant = await this.tenantFor(caller, tenantId, 'read');
    const now = this.now();
    return (await this.deps.store.list(tenant.id)).map(t => tokenInfo(t, now));
  }

  async create(
    caller: TokenCaller,
    tenantId: string,
    body: unknown,
  ): Promise<IssuedTenantToken> {
    const tenant = await this.tenantFor(caller, tenantId, 'write');
    const input = parseWith(newTenantTokenSchema, body, 'tenant token');
    await this.holdsRights(caller, tenant, input.rights);
    return this.audit(
      caller,
      tenant,
      'create',
      { rights: input.rights },
      async () => {
        const now = this.now();
        const active = await this.deps.store.countActive(tenant.id, now);
        if (active >= MAX_ACTIVE_TOKENS_PER_TENANT) {
          throw new ConflictError(
            `Tenant '${tenant.id}' has ${active} active tokens, the most it may have; revoke one first`,
          );
        }
        const secret = newTokenSecret();
        const token: StoredTenantToken = {
          id: newTokenId(),
          tenant: tenant.id,
          rights: input.rights,
          description: input.description,
          createdBy: userOf(caller),
          createdAt: now,
          expiresAt: now + input.expiresInDays * DAY_MS,
          secretHash: hashTokenSecret(secret),
        };
        await this.deps.store.insert(token);
        return {
          ...tokenInfo(token, now),
          token: formatTenantToken({ id: token.id, secret }),
        };
      },
    );
  }

  /** A new secret for the token, same id, rights and expiry; the old secret is refused at once here. */
  async rotate(
    caller: TokenCaller,
    tenantId: string,
    id: string,
  ): Promise<IssuedTenantToken> {
    const tenant = await this.tenantFor(caller, tenantId, 'write');
    const existing = await this.tokenOf(tenant, id);
    await this.holdsRights(caller, tenant, existing.rights);
    return this.audit(caller, tenant, 'rotate', { tokenId: id }, async () => {
      const now = this.now();
      if (existing.revokedAt !== undefined || existing.expiresAt <= now) {
        throw new ConflictError(
          `Token ${id} is ${
            existing.revokedAt !== undefined ? 'revoked' : 'expired'
          }: create a new one`,
        );
      }
      const secret = newTokenSecret();
      const rotated = await this.deps.store.replaceSecret(
        tenant.id,
        id,
        hashTokenSecret(secret),
        now,
      );
      this.deps.verifier.forget(id);
      if (!rotated || rotated.rotatedAt !== now) {
        throw new ConflictError(`Token ${id} was revoked or expired meanwhile`);
      }
      return {
        ...tokenInfo(rotated, now),
        token: formatTenantToken({ id, secret }),
      };
    });
  }

  /** Revokes the token: refused at once here, within REVOCATION_MS on every replica. */
  async revoke(
    caller: TokenCaller,
    tenantId: string,
    id: string,
  ): Promise<TenantTokenInfo> {
    const tenant = await this.tenantFor(caller, tenantId, 'write');
    await this.tokenOf(tenant, id);
    return this.audit(caller, tenant, 'revoke', { tokenId: id }, async () => {
      const now = this.now();
      const revoked = await this.deps.store.revoke(tenant.id, id, now);
      this.deps.verifier.forget(id);
      if (!revoked)
        throw new NotFoundError(`Tenant '${tenant.id}' has no token ${id}`);
      return tokenInfo(revoked, now);
    });
  }

  /** The tenant, when the caller is a user with `right` on it. */
  private async tenantFor(
    caller: TokenCaller,
    tenantId: string,
    right: TenantRight,
  ): Promise<TenantRef> {
    userOf(caller);
    if (tenantId === ADMIN_TENANT_ID) {
      throw new InputError(
        "Tenant tokens are for one tenant: the admin view '*' has none",
      );
    }
    const scope = await this.deps.authorizer.scope(
      tenantId,
      caller.credentials,
      right,
    );
    if (scope.kind !== 'tenant') {
      throw new InputError(`'${tenantId}' is not one tenant`);
    }
    return scope.tenant;
  }

  /** A token gets no right its maker lacks on the tenant. */
  private async holdsRights(
    caller: TokenCaller,
    tenant: TenantRef,
    rights: TenantRight[],
  ) {
    for (const right of rights) {
      try {
        await this.deps.authorizer.scope(tenant.id, caller.credentials, right);
      } catch (error) {
        if ((error as Error).name !== 'NotAllowedError') throw error;
        throw new NotAllowedError(
          `You may not give a token the right '${right}' on tenant '${tenant.id}': you do not hold it`,
        );
      }
    }
  }

  private async tokenOf(
    tenant: TenantRef,
    id: string,
  ): Promise<StoredTenantToken> {
    if (!isTokenId(id)) {
      throw new InputError(`id: '${id}' is not a token id`);
    }
    const token = await this.deps.store.get(id);
    if (!token || token.tenant !== tenant.id) {
      throw new NotFoundError(`Tenant '${tenant.id}' has no token ${id}`);
    }
    return token;
  }

  private audit<T extends TenantTokenInfo>(
    caller: TokenCaller,
    tenant: TenantRef,
    action: 'create' | 'rotate' | 'revoke',
    meta: { tokenId?: string; rights?: TenantRight[] },
    change: () => Promise<T>,
  ): Promise<T> {
    return audited(
      this.deps.auditor,
      {
        eventId: 'tenant-token-write',
        // A new or renewed credential is worth more attention than its end.
        severityLevel: action === 'revoke' ? 'medium' : 'high',
        request: caller.request,
        meta: {
          tenant: tenant.id,
          action,
          ...meta,
          ...(caller.via && { via: caller.via }),
        },
      },
      change,
      // What the token is, never the token itself.
      result =>
        result && {
          tokenId: result.id,
          rights: result.rights,
          expiresAt: result.expiresAt,
        },
    );
  }
}

/** The user who acts; tenant tokens, static service tokens and plugins may not. */
function userOf(caller: TokenCaller): string {
  const principal = caller.credentials.principal as
    | BackstageUserPrincipal
    | { type: 'service'; subject: string }
    | { type: 'none' };
  if (principal.type === 'user') return principal.userEntityRef;
  throw new NotAllowedError(
    principal.type === 'service'
      ? `Only users manage tenant tokens; '${principal.subject}' may not`
      : 'Only users manage tenant tokens',
  );
}
