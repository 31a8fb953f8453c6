import { isValidTenantId, tenantIdProblem } from './tenantId';

describe('tenantIdProblem', () => {
  it.each([
    'team-a',
    'Team_A.prod',
    "o'brien(1)*!",
    'a'.repeat(150),
    '..a',
    'indexer',
    'rules.a',
  ])('accepts %p', id => {
    expect(tenantIdProblem(id)).toBeUndefined();
    expect(isValidTenantId(id)).toBe(true);
  });

  it.each([
    ['', 'must not be empty'],
    ['.', "must not be '.' or '..'"],
    ['..', "must not be '.' or '..'"],
    ['a|b', "must not contain '|'"],
    ['team a', 'may only contain'],
    ['team/a', 'may only contain'],
    ['tëam', 'may only contain'],
    ['a'.repeat(151), 'at most 150 bytes, got 151'],
    ['*', 'reserved for the admin view'],
    // Its lifecycle rule on `<id>/` would expire Loki's index or rules of every tenant.
    ['index', "a folder of Loki's own in the logs bucket"],
    ['rules', "a folder of Loki's own in the logs bucket"],
  ])('refuses %p: %s', (id, message) => {
    expect(tenantIdProblem(id)).toContain(message);
    expect(isValidTenantId(id)).toBe(false);
  });
});
