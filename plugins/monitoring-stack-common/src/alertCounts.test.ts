import { countBySeverity } from './alertCounts';

describe('countBySeverity', () => {
  it('counts every severity, zero included', () => {
    expect(
      countBySeverity([
        { severity: 'critical' },
        { severity: 'critical' },
        { severity: 'none' },
      ]),
    ).toEqual({ critical: 2, warning: 0, info: 0, none: 1 });
  });
});
