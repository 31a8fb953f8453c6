/**
 * EventBridge's event-pattern matching (the "Event patterns" and "Content
 * filtering" pages of the EventBridge user guide) for what the notifier's
 * rules use: exact values, `prefix`, `wildcard` (`*` for any run of
 * characters) and `$or`. Every field the pattern names must be in the event;
 * a value matches when it (or, for an array, one of its elements) is one the
 * pattern lists. Any other content filter throws instead of misjudging:
 * `eb-patterns`, a full local implementation on npm, is not served by the
 * registry this project uses.
 */
export function matchesEventPattern(pattern: object, event: unknown): boolean {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    return false;
  }
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === '$or') {
      return (expected as object[]).some(p => matchesEventPattern(p, event));
    }
    const value = (event as Record<string, unknown>)[key];
    if (!Array.isArray(expected)) {
      return matchesEventPattern(expected, value);
    }
    const values = Array.isArray(value) ? value : [value];
    return values.some(v => expected.some(e => matchesValue(e, v)));
  });
}

function matchesValue(expected: unknown, value: unknown): boolean {
  if (expected === null || typeof expected !== 'object') {
    return expected === value;
  }
  const [[filter, operand], ...more] = Object.entries(expected);
  if (more.length > 0 || typeof operand !== 'string') {
    throw new Error(
      `content filter ${JSON.stringify(expected)} is not implemented here`,
    );
  }
  if (typeof value !== 'string') return false;
  switch (filter) {
    case 'prefix':
      return value.startsWith(operand);
    case 'wildcard':
      return new RegExp(
        `^${operand
          .split('*')
          .map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      ).test(value);
    default:
      throw new Error(`content filter ${filter} is not implemented here`);
  }
}
