/**
 * The tenant access tokens of the portal: API types of
 * `/tenants/:tenant/tokens` and their limits, shared by the backend, its
 * action and the frontend card. Times are ISO 8601 strings.
 */

/** What a tenant token may do on its tenant: the rights a static service token has. @public */
export type TenantTokenRight = 'read' | 'silence' | 'write';

/** The rights a tenant token may have, in the order the card shows them. @public */
export const TENANT_TOKEN_RIGHTS: readonly TenantTokenRight[] = [
  'read',
  'silence',
  'write',
];

/** Expiry of a new token when none is asked for, in days. @public */
export const TENANT_TOKEN_DEFAULT_EXPIRY_DAYS = 90;

/** The longest expiry a token may have, in days. @public */
export const TENANT_TOKEN_MAX_EXPIRY_DAYS = 365;

/** The longest description of a token, in characters. @public */
export const TENANT_TOKEN_MAX_DESCRIPTION = 200;

/** Where a token stands: usable, past its expiry, or revoked. @public */
export type TenantTokenState = 'active' | 'expired' | 'revoked';

/** A tenant token as listed: never its secret or a hash of it. @public */
export type TenantTokenInfo = {
  /** The token's id: the lookup key, the `<id>` of `mst_<id>_<secret>`. */
  id: string;
  tenant: string;
  description: string;
  rights: TenantTokenRight[];
  /** The user who created it. */
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  /** When its secret was last replaced. */
  rotatedAt?: string;
  revokedAt?: string;
  /** When it was last accepted, to within a minute. */
  lastUsedAt?: string;
  state: TenantTokenState;
};

/** `GET /tenants/:tenant/tokens`, newest first. @public */
export type TenantTokensResponse = { items: TenantTokenInfo[] };

/** Body of `POST /tenants/:tenant/tokens`. @public */
export type NewTenantToken = {
  description: string;
  rights: TenantTokenRight[];
  /** 1 to {@link TENANT_TOKEN_MAX_EXPIRY_DAYS}; {@link TENANT_TOKEN_DEFAULT_EXPIRY_DAYS} when absent. */
  expiresInDays?: number;
};

/**
 * The answer of a create or a rotation: the token itself, shown this once
 * (the portal keeps only a hash of its secret), with what is listed of it.
 * @public
 */
export type IssuedTenantToken = TenantTokenInfo & {
  /** `mst_<id>_<secret>`, to send as `Authorization: Bearer <token>`. */
  token: string;
};
