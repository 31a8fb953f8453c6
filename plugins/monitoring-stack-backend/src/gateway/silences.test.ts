import { InputError } from '@backstage/errors';
import { assertTenantSilence, parsePostableSilence } from './silences';

const TEAM_A = { label: 'namespace', values: ['team-a'] };
const base = {
  startsAt: '2030-01-01T00:00:00Z',
  endsAt: '2030-01-02T00:00:00Z',
  createdBy: 'alice',
  comment: 'maintenance',
};

describe('parsePostableSilence', () => {
  // Alertmanager reads JSON keys case-insensitively, the last one winning;
  // checked against a real Alertmanager 0.25, `{"value":"team-a","Value":"team-b"}`
  // silences team-b.
  it.each([
    [
      'a second Value',
      { name: 'namespace', value: 'team-a', isRegex: false, Value: 'team-b' },
    ],
    [
      'a second Name',
      { name: 'namespace', value: 'team-a', isRegex: false, Name: 'job' },
    ],
    [
      'a second IsRegex',
      { name: 'namespace', value: 'team-a', isRegex: false, IsRegex: true },
    ],
  ])(
    'forwards only the checked fields of a matcher with %s',
    (_name, matcher) => {
      const silence = parsePostableSilence({ ...base, matchers: [matcher] });
      expect(silence.matchers).toEqual([
        { name: 'namespace', value: 'team-a', isRegex: false },
      ]);
      expect(() => assertTenantSilence(silence, TEAM_A)).not.toThrow();
    },
  );

  it('drops an ID next to the id it checks', () => {
    const silence = parsePostableSilence({
      ...base,
      id: 'aaaa',
      ID: 'bbbb',
      matchers: [{ name: 'namespace', value: 'team-a', isRegex: false }],
    });
    expect(silence).toEqual({
      ...base,
      id: 'aaaa',
      matchers: [{ name: 'namespace', value: 'team-a', isRegex: false }],
    });
  });

  it.each([
    ['no body', undefined],
    ['no matchers', { ...base }],
    [
      'Name/Value only (what Go would accept)',
      {
        ...base,
        matchers: [{ Name: 'namespace', Value: 'team-a', isRegex: false }],
      },
    ],
    [
      'isRegex as a string',
      {
        ...base,
        matchers: [{ name: 'namespace', value: 'team-a', isRegex: 'false' }],
      },
    ],
    ['no endsAt', { ...base, endsAt: undefined, matchers: [] }],
  ])('refuses %s', (_name, body) => {
    expect(() => parsePostableSilence(body)).toThrow(InputError);
  });
});
