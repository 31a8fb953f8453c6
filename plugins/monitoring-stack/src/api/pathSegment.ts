/**
 * Encodes a path segment. Tenant ids may hold `! * ' ( )`, which
 * encodeURIComponent leaves as they are; encode them too so no proxy on the
 * way reads them as delimiters.
 */
export function segment(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
