import {
  bearerTenantToken,
  formatTenantToken,
  hashTokenSecret,
  newTokenId,
  newTokenSecret,
  parseTenantToken,
  sameHash,
} from './tenantTokenFormat';

describe('tenant token format', () => {
  it('makes mst_<16-char id>_<43-char secret> tokens that parse back, each new', () => {
    const id = newTokenId();
    const secret = newTokenSecret();
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const token = formatTenantToken({ id, secret });
    expect(token).toBe(`mst_${id}_${secret}`);
    expect(parseTenantToken(token)).toEqual({ id, secret });
    expect(newTokenSecret()).not.toBe(secret);
    expect(newTokenId()).not.toBe(id);
  });

  it.each([
    ['no prefix', `${'a'.repeat(16)}_${'b'.repeat(43)}`],
    ['a short id', `mst_${'a'.repeat(15)}_${'b'.repeat(43)}`],
    ['a short secret', `mst_${'a'.repeat(16)}_${'b'.repeat(42)}`],
    ['a long secret', `mst_${'a'.repeat(16)}_${'b'.repeat(44)}`],
    [
      'characters outside base64url',
      `mst_${'a'.repeat(15)}=_${'b'.repeat(43)}`,
    ],
    ['a trailing newline', `mst_${'a'.repeat(16)}_${'b'.repeat(43)}\n`],
    ['nothing after the prefix', 'mst_'],
  ])('refuses a token with %s', (_what, token) => {
    expect(parseTenantToken(token)).toBeUndefined();
  });

  it('keeps a SHA-256 of the secret and compares hashes of equal length only', () => {
    const hash = hashTokenSecret('secret');
    expect(hash).toBe(
      '2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b',
    );
    expect(sameHash(hash, hashTokenSecret('secret'))).toBe(true);
    expect(sameHash(hash, hashTokenSecret('secreT'))).toBe(false);
    expect(sameHash(hash, hash.slice(0, 62))).toBe(false);
    expect(sameHash(hash, '')).toBe(false);
  });

  it.each([
    ['Bearer mst_x', 'mst_x'],
    ['bearer   mst_abc', 'mst_abc'],
    ['Bearer eyJhbGciOi.x.y', undefined],
    ['Bearer static-token', undefined],
    ['Basic mst_x', undefined],
    ['Bearer mst_x y', undefined],
    [undefined, undefined],
  ])('takes %p as the tenant token %p', (authorization, token) => {
    expect(bearerTenantToken({ authorization })).toBe(token);
  });
});
