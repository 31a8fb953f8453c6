import { isPrometheusAnswer } from './responseFilters';

describe('isPrometheusAnswer', () => {
  it.each([
    ['rules', { status: 'success', data: { groups: [] } }, true],
    [
      'rules',
      { status: 'success', data: { groups: [{ name: 'g', rules: [] }] } },
      true,
    ],
    ['rules', 0, false],
    ['rules', {}, false],
    ['rules', { data: { groups: 'x' } }, false],
    ['rules', { status: 'success', data: { alerts: [] } }, false],
    ['alerts', { status: 'success', data: { alerts: [{ labels: {} }] } }, true],
    ['alerts', null, false],
    ['alerts', { data: { alerts: [0] } }, false],
  ] as const)('%s: %j is %s', (endpoint, body, expected) => {
    expect(isPrometheusAnswer(endpoint, body)).toBe(expected);
  });
});
