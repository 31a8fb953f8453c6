import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { parseWith } from './parseWith';

const schema = z
  .object({
    windowHours: z.coerce.number().int().positive(),
    tenant: z.string(),
  })
  .strict();

describe('parseWith', () => {
  it('returns the parsed value', () => {
    expect(
      parseWith(schema, { windowHours: '24', tenant: 'a' }, 'query'),
    ).toEqual({
      windowHours: 24,
      tenant: 'a',
    });
  });

  it('names every problem by its path in one format', () => {
    let error: unknown;
    try {
      parseWith(schema, { windowHours: '-1', extra: 1 }, 'query');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      "Invalid query: windowHours: Number must be greater than 0; tenant: Required; Unrecognized key(s) in object: 'extra'",
    );
  });

  it('names a problem of the whole input without a path', () => {
    expect(() => parseWith(schema, 'text', 'delivery report')).toThrow(
      'Invalid delivery report: Expected object, received string',
    );
  });
});
