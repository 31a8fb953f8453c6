import { normalizeGroupRef } from './groupRef';

describe('normalizeGroupRef', () => {
  it.each([
    ['team-a', 'group:default/team-a'],
    ['Group:default/team-a', 'group:default/team-a'],
    ['group:ops/team-a', 'group:ops/team-a'],
  ])('writes %s as %s', (raw, ref) => {
    expect(normalizeGroupRef(raw)).toBe(ref);
  });

  it('refuses a ref of another kind', () => {
    expect(() => normalizeGroupRef('user:default/alice')).toThrow(
      "must be a group entity ref, got kind 'user'",
    );
  });

  it('refuses what is not a ref', () => {
    expect(() => normalizeGroupRef('a:b:c')).toThrow(
      'must be a group entity ref',
    );
  });
});
