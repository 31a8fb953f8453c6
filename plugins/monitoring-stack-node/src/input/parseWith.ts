import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Parses `input` with `schema`, or throws an InputError that names every
 * problem by its path: `Invalid <what>: windowHours: Expected number`.
 * Every route and action reads its input through here, so a caller sees
 * one format.
 * @public
 */
export function parseWith<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    issue =>
      `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${
        issue.message
      }`,
  );
  throw new InputError(`Invalid ${what}: ${problems.join('; ')}`);
}
