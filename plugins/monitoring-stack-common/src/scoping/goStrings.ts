import { InputError } from '@backstage/errors';

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

function refuse(literal: string, why: string): never {
  throw new InputError(`the string ${literal} ${why}`);
}

/**
 * Reads a string literal the way Prometheus and Loki do (Go's
 * `strconv.Unquote`, which Prometheus extends to single quotes): `"..."`
 * and `'...'` with Go's escapes, backquoted ones raw. Anything Go would
 * refuse is refused here too; so is a `\x` or octal escape above 0x7f, a raw
 * byte that a JavaScript string cannot hold.
 * @public
 */
export function unquoteGoString(literal: string): string {
  const quote = literal[0];
  if (
    literal.length < 2 ||
    literal[literal.length - 1] !== quote ||
    !['"', "'", '`'].includes(quote)
  ) {
    refuse(literal, 'is not terminated');
  }
  const body = literal.slice(1, -1);
  if (quote === '`') {
    if (body.includes('`')) refuse(literal, 'is not terminated');
    return body;
  }
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === quote || c === '\n') refuse(literal, 'is not terminated');
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) refuse(literal, 'ends in a lone backslash');
    if (SIMPLE_ESCAPES[e] !== undefined) {
      out += SIMPLE_ESCAPES[e];
    } else if (e === quote) {
      out += e;
    } else if (HEX_DIGITS[e] !== undefined) {
      const digits = body.slice(i + 1, i + 1 + HEX_DIGITS[e]);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== HEX_DIGITS[e]) {
        refuse(literal, `has a malformed \\${e} escape`);
      }
      const code = parseInt(digits, 16);
      if (e === 'x' && code > 0x7f) {
        refuse(literal, 'has a \\x escape of a byte above 0x7f');
      }
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        refuse(literal, `has an escape of an invalid code point`);
      }
      out += String.fromCodePoint(code);
      i += HEX_DIGITS[e];
    } else if (e >= '0' && e <= '7') {
      const digits = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(digits)) {
        refuse(literal, 'has a malformed octal escape');
      }
      const code = parseInt(digits, 8);
      if (code > 0x7f) refuse(literal, 'has an octal escape above 0x7f');
      out += String.fromCharCode(code);
      i += 2;
    } else {
      refuse(literal, `has an unknown escape \\${e}`);
    }
  }
  if (
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(
      out,
    )
  ) {
    refuse(literal, 'is not valid UTF-8');
  }
  return out;
}

/**
 * The canonical double-quoted form of `value`, readable by Go's
 * `strconv.Unquote`: printable ASCII and other printable characters as they
 * are; quotes, backslashes, control and separator characters escaped.
 * @public
 */
export function quoteGoString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else if (
      (code >= 0x80 && code <= 0x9f) ||
      code === 0x2028 ||
      code === 0x2029 ||
      code === 0xfeff
    ) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}
