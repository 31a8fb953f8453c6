import { InputError } from '@backstage/errors';
import { EnforcedQueries } from './enforcedQueries';
import { enforcePromQL } from './promqlEnforcer';

// The real enforcer, counted.
jest.mock('./promqlEnforcer', () => {
  const actual = jest.requireActual('./promqlEnforcer');
  return { ...actual, enforcePromQL: jest.fn(actual.enforcePromQL) };
});
const enforcer: typeof import('./promqlEnforcer') =
  jest.requireActual('./promqlEnforcer');
const enforcements = jest.mocked(enforcePromQL);

const teamA = { label: 'namespace', values: ['team-a', 'team-a-jobs'] };
const teamB = { label: 'namespace', values: ['team-b'] };
const byId = { label: 'tenant_id', values: ['team-a'] };

describe('EnforcedQueries', () => {
  beforeEach(() => enforcements.mockClear());

  it('answers as the enforcer does, the first time and again', () => {
    const queries = new EnforcedQueries();
    for (const query of ['up', 'rate(x[5m])', 'sum(up{job="a"})']) {
      const expected = enforcer.enforcePromQL(query, teamA);
      expect(queries.promQL(query, teamA)).toBe(expected);
      expect(queries.promQL(query, teamA)).toBe(expected);
    }
    expect(queries.seriesSelector('up{job="a"}', teamA)).toBe(
      enforcer.enforceSeriesSelector('up{job="a"}', teamA),
    );
  });

  it('enforces a repeated query once', () => {
    const queries = new EnforcedQueries();
    queries.promQL('up', teamA);
    queries.promQL('up', teamA);
    expect(enforcements).toHaveBeenCalledTimes(1);
  });

  it('gives each tenant its own matcher for the same query', () => {
    const queries = new EnforcedQueries();
    expect(queries.promQL('up', teamA)).toBe(
      'up{namespace=~"team-a|team-a-jobs"}',
    );
    expect(queries.promQL('up', teamB)).toBe('up{namespace="team-b"}');
    expect(queries.promQL('up', byId)).toBe('up{tenant_id="team-a"}');
    expect(queries.promQL('up', teamA)).toBe(
      'up{namespace=~"team-a|team-a-jobs"}',
    );
  });

  it('keeps a query apart from the same text as a series selector', () => {
    const queries = new EnforcedQueries();
    expect(queries.promQL('sum(up)', teamA)).toBe(
      'sum(up{namespace=~"team-a|team-a-jobs"})',
    );
    expect(() => queries.seriesSelector('sum(up)', teamA)).toThrow(
      /not a series selector/,
    );
  });

  it('refuses a refused query every time it is sent', () => {
    const queries = new EnforcedQueries();
    for (let i = 0; i < 2; i++) {
      expect(() => queries.promQL('up{namespace="team-b"}', teamA)).toThrow(
        InputError,
      );
    }
    expect(enforcements).toHaveBeenCalledTimes(2);
  });

  it('names the parameter it was given in a refusal', () => {
    const queries = new EnforcedQueries();
    expect(() => queries.promQL('up{', teamA, 'expr')).toThrow(/^expr:/);
  });

  it('forgets the least recently used query beyond its size', () => {
    const queries = new EnforcedQueries(2);
    queries.promQL('a', teamA);
    queries.promQL('b', teamA);
    queries.promQL('a', teamA); // a is now the most recently used
    queries.promQL('c', teamA); // b goes
    expect(enforcements).toHaveBeenCalledTimes(3);
    queries.promQL('a', teamA);
    expect(enforcements).toHaveBeenCalledTimes(3);
    queries.promQL('b', teamA);
    expect(enforcements).toHaveBeenCalledTimes(4);
  });

  it('enforces a query longer than its limit each time', () => {
    const queries = new EnforcedQueries(10, 8);
    const long = 'sum(up) + sum(up)';
    expect(queries.promQL(long, teamA)).toBe(
      enforcer.enforcePromQL(long, teamA),
    );
    queries.promQL(long, teamA);
    expect(enforcements).toHaveBeenCalledTimes(2);
  });
});
