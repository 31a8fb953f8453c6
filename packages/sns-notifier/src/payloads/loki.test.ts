import { lokiQueryOf } from './loki';

const explore = (state: unknown, base = 'https://grafana.example.com') =>
  `${base}/explore?${new URLSearchParams({ left: JSON.stringify(state) })}`;

describe('lokiQueryOf', () => {
  it('reads the LogQL query of a Loki ruler link with a datasource', () => {
    const url = explore({
      queries: [
        {
          expr: '{app="api"} |= "panic"',
          queryType: 'range',
          datasource: { type: 'loki', uid: 'x' },
        },
      ],
    });

    expect(lokiQueryOf(url)).toBe('{app="api"} |= "panic"');
  });

  it('reads a relative link (ruler without external_url and datasource_uid)', () => {
    const url = explore(
      {
        queries: [
          { expr: 'count_over_time({a="b"}[1m]) > 0', queryType: 'range' },
        ],
      },
      '',
    );

    expect(lokiQueryOf(url)).toBe('count_over_time({a="b"}[1m]) > 0');
  });

  it.each([
    [
      'a Prometheus graph link',
      'http://prometheus:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1',
    ],
    [
      'an Explore link of another datasource',
      explore({
        queries: [
          {
            expr: 'up',
            queryType: 'range',
            datasource: { type: 'prometheus' },
          },
        ],
      }),
    ],
    [
      'an Explore link with unparsable state',
      'https://grafana.example.com/explore?left=%7Bnope',
    ],
    ['no link', undefined],
    ['an empty link', ''],
  ])('ignores %s', (_, url) => {
    expect(lokiQueryOf(url)).toBeUndefined();
  });
});
