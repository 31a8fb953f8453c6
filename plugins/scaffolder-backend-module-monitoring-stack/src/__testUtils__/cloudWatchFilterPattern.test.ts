import { matchesFilterPattern } from './cloudWatchFilterPattern';

/*
 * The evaluator against the examples of the CloudWatch Logs user guide's
 * "Filter pattern syntax" (its JSON events and what each pattern matches),
 * and the rules the rendered patterns lean on.
 */

const GUIDE_EVENT = JSON.stringify({
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
});

const COMPOUND_EVENT = JSON.stringify({
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [
    { id: 2, email: 'John.Doe@example.com' },
    { id: 3, email: 'Jane.Doe@example.com' },
  ],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
    [7, 8, 9],
  ],
});

describe('matchesFilterPattern', () => {
  it.each([
    ['{ $.eventType = "UpdateTrail" }', true],
    ['{ $.eventType = UpdateTrail }', true],
    ['{ $.eventType != "UpdateTrail" }', false],
    ['{ $.sourceIPAddress != 123.123.* }', true],
    ['{ $.sourceIPAddress = 111.111.* }', true],
    ['{ $.eventType = *Trail }', true],
    ['{ $.eventType = Update* }', true],
    ['{ $.eventType = *dateTr* }', true],
    ['{ $.eventType = *Event }', false],
    ['{ $.arrayKey[0] = "value" }', true],
    ['{ $.arrayKey[1] = "value" }', false],
    ['{ $.objectList[1].id = 2 }', true],
    ['{ $.objectList[1].name = * }', true],
    ['{ $.objectList.id = 2 }', false],
  ])('the guide: %s on its event matches: %p', (pattern, matches) => {
    expect(matchesFilterPattern(pattern, GUIDE_EVENT)).toBe(matches);
  });

  it.each([
    [
      '{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }',
      true,
    ],
    [
      '{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }',
      false,
    ],
    // && binds tighter than ||.
    [
      '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }',
      true,
    ],
    [
      '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }',
      false,
    ],
  ])('the guide: compound %s matches: %p', (pattern, matches) => {
    expect(matchesFilterPattern(pattern, COMPOUND_EVENT)).toBe(matches);
  });

  it('compares numbers as numbers, in every documented form', () => {
    const event = JSON.stringify({ code: 1000, latency: 55.5, zero: 0 });
    expect(matchesFilterPattern('{ $.code < 300 }', event)).toBe(false);
    expect(matchesFilterPattern('{ $.code >= 1000 }', event)).toBe(true);
    expect(matchesFilterPattern('{ $.code > +999 }', event)).toBe(true);
    expect(matchesFilterPattern('{ $.code = 10e2 }', event)).toBe(true);
    expect(matchesFilterPattern('{ $.code != 1000 }', event)).toBe(false);
    expect(matchesFilterPattern('{ $.latency <= 55.5 }', event)).toBe(true);
    expect(matchesFilterPattern('{ $.zero = 0 }', event)).toBe(true);
    expect(matchesFilterPattern('{ $.zero > -1 }', event)).toBe(true);
  });

  it('matches nothing where a number meets a string, or a selector an object, an array or nothing', () => {
    const event = JSON.stringify({ verb: 'delete', spec: { replicas: 2 } });
    expect(matchesFilterPattern('{ $.verb < 300 }', event)).toBe(false);
    expect(matchesFilterPattern('{ $.spec = 2 }', event)).toBe(false);
    expect(matchesFilterPattern('{ $.spec != 2 }', event)).toBe(false);
    expect(matchesFilterPattern('{ $.missing = * }', event)).toBe(false);
    expect(matchesFilterPattern('{ $.missing != "x" }', event)).toBe(false);
    expect(matchesFilterPattern('{ $.spec.missing != 0 }', event)).toBe(false);
    expect(matchesFilterPattern('{ $.spec.replicas != 0 }', event)).toBe(true);
    expect(matchesFilterPattern('{ $.verb = * }', 'not JSON')).toBe(false);
  });

  it.each([
    'ERROR',
    '{ $.a IS NULL }',
    '{ $.a NOT EXISTS }',
    '{ $.a = %regex% }',
    '{ $.a = 1 && }',
    '{ $.a = Ev*ent }',
    '{ $.a < "300" }',
    '{ ($.a = 1 }',
    '{ a = 1 }',
  ])('throws on %s instead of misjudging it', pattern => {
    expect(() => matchesFilterPattern(pattern, '{}')).toThrow();
  });
});
