/** `url` without trailing slashes, so paths can be appended with one `/`. @public */
export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
