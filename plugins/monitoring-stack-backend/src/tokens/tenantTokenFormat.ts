import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What every tenant token starts with, so the gateway can tell it from Backstage's tokens. */
export const TENANT_TOKEN_PREFIX = 'mst_';

// 12 random bytes are 16 base64url characters: the id, a lookup key.
const ID_BYTES = 12;
// 32 random bytes are 43 base64url characters: the secret.
const SECRET_BYTES = 32;
const TOKEN = /^mst_([A-Za-z0-9_-]{16})_([A-Za-z0-9_-]{43})$/;
const ID = /^[A-Za-z0-9_-]{16}$/;

/** A token's parts: `mst_<id>_<secret>`. */
export type TenantTokenParts = { id: string; secret: string };

/** A new random token id. */
export function newTokenId(): string {
  return randomBytes(ID_BYTES).toString('base64url');
}

/** A new random secret. */
export function newTokenSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

/** The token a caller sends for `id` and `secret`. */
export function formatTenantToken(parts: TenantTokenParts): string {
  return `${TENANT_TOKEN_PREFIX}${parts.id}_${parts.secret}`;
}

/** The parts of a well-formed token; undefined for anything else. */
export function parseTenantToken(token: string): TenantTokenParts | undefined {
  const match = TOKEN.exec(token);
  return match ? { id: match[1], secret: match[2] } : undefined;
}

/** Whether `id` has the shape of a token id. */
export function isTokenId(id: string): boolean {
  return ID.test(id);
}

/**
 * The hex SHA-256 of a secret, what the database keeps. The secret is 256
 * random bits, so a fast hash is enough: there is nothing to guess from it.
 */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two hex hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}

/**
 * The token in `Authorization: Bearer mst_…`, well-formed or not; undefined
 * when the request carries no such header, and is left to Backstage's auth.
 */
export function bearerTenantToken(headers: {
  authorization?: string | string[];
}): string | undefined {
  const header = headers.authorization;
  if (typeof header !== 'string') return undefined;
  const token = /^Bearer[ ]+(\S+)$/i.exec(header)?.[1];
  return token?.startsWith(TENANT_TOKEN_PREFIX) ? token : undefined;
}
