import { toEntityName, tenantSlug, tenantSystemName } from './entityNames';

const ENTITY_NAME = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;

describe('entity names', () => {
  it('keeps names that are already valid', () => {
    expect(toEntityName('team-a')).toBe('team-a');
    expect(tenantSystemName('team-a')).toBe('team-a-monitoring');
  });

  it.each([
    "o'brien(1)",
    'Team-A',
    'team-a',
    '..x',
    '*!*',
    'a'.repeat(150),
    'a--b',
  ])('derives a valid, bounded name from %p', id => {
    const slug = tenantSlug(id);
    expect(slug).toMatch(ENTITY_NAME);
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(tenantSystemName(id).length).toBeLessThanOrEqual(63);
  });

  it('never maps two ids to one name', () => {
    const ids = ['Team-A', 'team-a', 'TEAM-A', 'team(a)', 'team*a', 'team!a'];
    expect(new Set(ids.map(tenantSlug)).size).toBe(ids.length);
  });

  it('is stable', () => {
    expect(tenantSlug("o'brien(1)")).toBe(tenantSlug("o'brien(1)"));
  });
});
