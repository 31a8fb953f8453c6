import { InputError } from '@backstage/errors';
import { isPathSegment, upstreamPath } from './upstreamPath';

describe('upstreamPath', () => {
  it('joins names as one encoded segment each', () => {
    expect(upstreamPath(['loki', 'api', 'v1', 'rules', 'a b', '%2e%2e'])).toBe(
      '/loki/api/v1/rules/a%20b/%252e%252e',
    );
    expect(upstreamPath(['api', 'v1', 'label', 'é?#', 'values'])).toBe(
      '/api/v1/label/%C3%A9%3F%23/values',
    );
  });

  it.each(['', '.', '..', '/', 'a/b', '../delete'])(
    'refuses the segment %p',
    segment => {
      expect(isPathSegment(segment)).toBe(false);
      expect(() => upstreamPath(['loki', segment])).toThrow(InputError);
    },
  );
});
