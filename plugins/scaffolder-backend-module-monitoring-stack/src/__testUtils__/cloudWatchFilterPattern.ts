type Predicate = (event: unknown) => boolean;
type Token = string | { quoted: string };

const TOKEN =
  /\s*(?:"((?:[^"\\]|\\.)*)"|(&&|\|\||!=|<=|>=|[{}()=<>])|([^\s(){}&|"=<>!]+))/y;

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < pattern.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(pattern);
    if (!m) throw new Error(`cannot read the pattern at ${pattern.slice(at)}`);
    if (m[1] !== undefined) tokens.push({ quoted: JSON.parse(`"${m[1]}"`) });
    else if (m[2] ?? m[3]) tokens.push((m[2] ?? m[3])!);
  }
  return tokens;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const SELECTOR = /^\$((\.[A-Za-z0-9_-]+)(\[\d+\])*)+$/;
const OPERATORS = ['=', '!=', '<', '<=', '>', '>='];

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  or(): Predicate {
    const terms = [this.and()];
    while (this.tokens[this.index] === '||') {
      this.index++;
      terms.push(this.and());
    }
    return event => terms.some(term => term(event));
  }

  and(): Predicate {
    const terms = [this.primary()];
    while (this.tokens[this.index] === '&&') {
      this.index++;
      terms.push(this.primary());
    }
    return event => terms.every(term => term(event));
  }

  end() {
    if (this.index < this.tokens.length) {
      throw new Error(`unexpected ${JSON.stringify(this.tokens[this.index])}`);
    }
  }

  private primary(): Predicate {
    if (this.tokens[this.index] === '(') {
      this.index++;
      const inner = this.or();
      if (this.tokens[this.index++] !== ')') throw new Error('missing )');
      return inner;
    }
    const [selector, operator, value] = this.tokens.slice(
      this.index,
      this.index + 3,
    );
    this.index += 3;
    if (typeof selector !== 'string' || !SELECTOR.test(selector)) {
      throw new Error(`${JSON.stringify(selector)} is no selector`);
    }
    if (typeof operator !== 'string' || !OPERATORS.includes(operator)) {
      throw new Error(`${selector} ${operator}: not implemented here`);
    }
    if (value === undefined || ['&&', '||', ')'].includes(value as string)) {
      throw new Error(`${selector} ${operator} has no value`);
    }
    const path = selector.slice(1).match(/\.[^.[]+|\[\d+\]/g)!;
    const compare = comparison(operator, value);
    return event => {
      const found = path.reduce<unknown>((node, step) => {
        if (node === null || typeof node !== 'object') return undefined;
        const key = step.startsWith('[')
          ? Number(step.slice(1, -1))
          : step.slice(1);
        if (Array.isArray(node) !== (typeof key === 'number')) return undefined;
        return (node as Record<string | number, unknown>)[key];
      }, event);
      return (
        (typeof found === 'string' || typeof found === 'number') &&
        compare(found)
      );
    };
  }
}

function comparison(
  operator: string,
  value: Token,
): (found: string | number) => boolean {
  const negate = operator === '!=';
  if (typeof value === 'string' && NUMBER.test(value)) {
    const n = Number(value);
    const test = {
      '=': (x: number) => x === n,
      '!=': (x: number) => x !== n,
      '<': (x: number) => x < n,
      '<=': (x: number) => x <= n,
      '>': (x: number) => x > n,
      '>=': (x: number) => x >= n,
    }[operator]!;
    return found => typeof found === 'number' && test(found);
  }
  if (operator !== '=' && !negate) {
    throw new Error(`${operator} compares numbers only`);
  }
  if (typeof value === 'string' && /^%.*%$/.test(value)) {
    throw new Error(`the regular expression ${value} is not implemented here`);
  }
  const text = typeof value === 'string' ? value : value.quoted;
  if (text === '*') return () => !negate;
  const core = text.replace(/^\*|\*$/g, '');
  if (core.includes('*')) {
    throw new Error(`a wildcard inside ${text} is not implemented here`);
  }
  const starts = text.endsWith('*');
  const ends = text.startsWith('*');
  const matches = (s: string) => {
    if (starts && ends) return s.includes(core);
    if (starts) return s.startsWith(core);
    if (ends) return s.endsWith(core);
    return s === core;
  };
  return found => typeof found === 'string' && matches(found) !== negate;
}

/**
 * Our own evaluator of CloudWatch Logs JSON filter patterns ("Filter pattern
 * syntax" in the CloudWatch Logs user guide), for the subset the rendered
 * metric filters use: `{ $.a.b[0] = "x" && ($.c < 300 || $.d != x*) }`.
 * No package of the npm registry this project uses implements them, so
 * tests of a pattern run against this one, which follows the guide:
 *
 * - `&&` binds tighter than `||`; parentheses group.
 * - `=` and `!=` compare strings, quoted or bare; `*` at the start or the
 *   end of a string is a wildcard, and `*` alone matches any value.
 * - A number (`0`, `-1.5`, `10e3`) compares numerically with `=`, `!=`,
 *   `<`, `<=`, `>`, `>=`.
 * - A selector that names no property, or an object or array, matches
 *   nothing, `!=` included.
 *
 * Where the guide says nothing (a number compared with a JSON string, or a
 * string with a JSON number), this evaluator does not match, so a test
 * never passes by a coincidence of types. Anything else (`IS NULL`,
 * `NOT EXISTS`, regular expressions, `*` inside a string, space-delimited
 * or term patterns) throws instead of misjudging.
 */
export function matchesFilterPattern(
  pattern: string,
  message: string,
): boolean {
  const tokens = tokenize(pattern.trim());
  if (tokens[0] !== '{' || tokens[tokens.length - 1] !== '}') {
    throw new Error(`only JSON filter patterns { ... } are implemented here`);
  }
  const parser = new Parser(tokens.slice(1, -1));
  const expression = parser.or();
  parser.end();
  let event: unknown;
  try {
    event = JSON.parse(message);
  } catch {
    return false;
  }
  return expression(event);
}
