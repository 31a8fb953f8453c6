import { InputError } from '@backstage/errors';

/**
 * True for a name that stays one path segment, whatever decodes or
 * normalises the path on the way: not empty, not `.` or `..` (which URL
 * parsers resolve, so `rules/../delete` reaches `/loki/api/v1/delete`), and
 * without `/`.
 * @public
 */
export function isPathSegment(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/');
}

/**
 * The one way to build an upstream's path: the segments
 * `['loki', 'api', 'v1', 'rules', namespace]` become
 * `/loki/api/v1/rules/<namespace>`, each percent-encoded, so a request addresses exactly the resource its route
 * names. A segment that would not stay one (see {@link isPathSegment}) is
 * refused with an InputError naming it.
 * @public
 */
export function upstreamPath(segments: readonly string[]): string {
  for (const segment of segments) {
    if (!isPathSegment(segment)) {
      throw new InputError(
        `'${segment}' is not a name: names are not empty, '.' or '..', and hold no '/'`,
      );
    }
  }
  return `/${segments.map(encodeURIComponent).join('/')}`;
}
