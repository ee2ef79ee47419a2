/** RFC 6901 JSON pointers: how every VSchema problem says where it is. */

export function escapeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Appends segments to a pointer: `child('/keyspaces', 'a/b')` → `/keyspaces/a~1b`. */
export function child(base: string, ...segments: ReadonlyArray<string | number>): string {
  return base + segments.map((s) => '/' + escapeSegment(s)).join('');
}
