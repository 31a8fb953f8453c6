import { grafanaUrlPatternProblem, tenantGrafanaUrl } from './tenantGrafanaUrl';

describe('tenantGrafanaUrl', () => {
  it('puts the tenant id where the pattern says, in the host or the path', () => {
    expect(
      tenantGrafanaUrl('https://grafana.{tenant}.example.com', 'team-a'),
    ).toBe('https://grafana.team-a.example.com');
    expect(
      tenantGrafanaUrl('https://grafana.example.com/{tenant}/', 'team-a'),
    ).toBe('https://grafana.example.com/team-a');
  });

  it.each(["a'b(c)!*", 'x.y', 'A_B-9'])(
    'keeps the host of the pattern for tenant id %s',
    id => {
      const url = new URL(
        tenantGrafanaUrl('https://grafana.{tenant}.example.com', id),
      );
      expect(url.hostname.endsWith('.example.com')).toBe(true);
      expect(url.pathname).toBe('/');
    },
  );

  it.each([
    ['https://grafana.example.com', 'exactly once'],
    ['https://{tenant}.{tenant}.example.com', 'exactly once'],
    ['grafana.{tenant}', 'must be a URL'],
    ['file:///{tenant}', 'http or https'],
  ])('refuses the pattern %s', (pattern, problem) => {
    expect(grafanaUrlPatternProblem(pattern)).toContain(problem);
  });

  it('accepts a pattern with one placeholder', () => {
    expect(
      grafanaUrlPatternProblem('https://grafana.{tenant}.example.com'),
    ).toBeUndefined();
  });
});
