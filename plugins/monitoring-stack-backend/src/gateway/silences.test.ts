import { InputError } from '@backstage/errors';
import { ScopedTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  parsePostableSilence,
  silenceBelongsTo,
  SilenceMatcher,
  tenantSilence,
} from './silences';

const TEAM_A: ScopedTenant = {
  id: 'team-a',
  seriesLabel: 'namespace',
  namespaces: ['team-a', 'team-a-jobs'],
};
const TEAM_B: ScopedTenant = {
  id: 'team-b',
  seriesLabel: 'namespace',
  namespaces: ['team-b'],
};
const TEAM_C: ScopedTenant = {
  id: 'team-c',
  seriesLabel: 'tenant_id',
  namespaces: [],
};
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
      expect(() => tenantSilence(silence, TEAM_A)).not.toThrow();
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

/** `name="value"`, `name=~"value"`, `name!="value"` as Alertmanager matchers. */
function matchers(...texts: string[]): SilenceMatcher[] {
  return texts.map(text => {
    const [, name, op, value] = /^(\w+)(=~|!=|=)"(.*)"$/.exec(text)!;
    return { name, value, isRegex: op === '=~', isEqual: op !== '!=' };
  });
}

describe('silence ownership', () => {
  it.each([
    ['team-a', ['namespace="team-a"'], true],
    ['team-a', ['namespace=~"team-a|team-a-jobs"'], true],
    ['team-a', ['tenant_id="team-a"'], true],
    ['team-a', ['tenant_id="team-a"', 'namespace="team-b"'], true],
    ['team-a', ['namespace="team-a"', 'tenant_id=""'], true],
    ['team-b', ['tenant_id="team-a"', 'namespace="team-b"'], false],
    ['team-b', ['namespace="team-b"', 'tenant_id=~"team-a|team-b"'], false],
    ['team-b', ['namespace="team-b"', 'tenant_id=~".+"'], false],
    [
      'team-b',
      ['namespace="team-b"', 'tenant_id="team-b"', 'tenant_id="team-a"'],
      false,
    ],
    ['team-b', ['namespace="team-b"', 'namespace="team-a"'], false],
    ['team-b', ['tenant_id!="team-a"'], false],
    ['team-c', ['tenant_id="team-c"'], true],
    ['team-c', ['namespace="team-c"'], false],
    ['team-c', ['namespace="team-b"', 'tenant_id=""'], false],
  ])("for %s, %j is the tenant's: %s", (id, texts, expected) => {
    const tenant = [TEAM_A, TEAM_B, TEAM_C].find(t => t.id === id)!;
    expect(silenceBelongsTo({ matchers: matchers(...texts) }, tenant)).toBe(
      expected,
    );
  });

  it("narrows a namespace silence to alerts without a tenant_id, so it cannot silence another tenant's rule", () => {
    const silence = parsePostableSilence({
      ...base,
      matchers: matchers('namespace="team-b"', 'alertname="PaymentsDown"'),
    });
    expect(tenantSilence(silence, TEAM_B).matchers).toEqual([
      ...silence.matchers,
      { name: 'tenant_id', value: '', isRegex: false, isEqual: true },
    ]);
  });

  it.each([
    ['a tenant_id silence', ['tenant_id="team-b"', 'alertname="X"']],
    [
      'a namespace silence already without tenant_id',
      ['namespace="team-b"', 'tenant_id=""'],
    ],
  ])('forwards %s as it is', (_what, texts) => {
    const silence = parsePostableSilence({
      ...base,
      matchers: matchers(...texts),
    });
    expect(tenantSilence(silence, TEAM_B)).toEqual(silence);
  });

  it("refuses a silence of another tenant's alerts, naming both ways to pin the tenant", () => {
    const silence = parsePostableSilence({
      ...base,
      matchers: matchers('namespace="team-b"', 'tenant_id="team-a"'),
    });
    expect(() => tenantSilence(silence, TEAM_B)).toThrow(
      new InputError(
        'silence: needs an exact matcher for this tenant: tenant_id="team-b", or namespace="team-b" for its alerts without a tenant_id',
      ),
    );
  });
});
