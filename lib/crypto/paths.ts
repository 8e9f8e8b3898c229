/**
 * Field paths recorded in `context.encryption.fields` and in transform reports.
 *
 * JS-accessor style so they read naturally (`traits.email`, `properties.items[0].email`)
 * yet stay unambiguous for any key: identifier keys use `.key`, array indexes `[n]`,
 * every other object key `["json string"]` (so key "0" is `["0"]`, not `[0]`).
 */
export type PathSegment = string | number;

const IDENT = /^[A-Za-z_$][\w$]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Inverse of formatPath; throws on anything formatPath cannot produce. */
export function parsePath(path: string): PathSegment[] {
  const segs: PathSegment[] = [];
  let i = 0;
  function fail(): never {
    throw new Error(`invalid field path ${JSON.stringify(path)} at offset ${i}`);
  }
  while (i < path.length) {
    if (path[i] === '[' && path[i + 1] === '"') {
      // Find the unescaped closing quote, then let JSON decode the escapes.
      let j = i + 2;
      while (j < path.length && path[j] !== '"') j += path[j] === '\\' ? 2 : 1;
      if (path[j + 1] !== ']') fail();
      let key: unknown;
      try {
        key = JSON.parse(path.slice(i + 1, j + 1));
      } catch {
        fail();
      }
      if (typeof key !== 'string') fail();
      segs.push(key);
      i = j + 2;
      continue;
    }
    if (path[i] === '[') {
      const m = /^\[(0|[1-9]\d*)\]/.exec(path.slice(i));
      if (!m) fail();
      segs.push(Number(m[1]));
      i += m[0].length;
      continue;
    }
    // Bare identifier: first segment, or after '.'.
    if (path[i] === '.') {
      if (segs.length === 0) fail();
      i += 1;
    } else if (segs.length !== 0) {
      fail();
    }
    const m = /^[A-Za-z_$][\w$]*/.exec(path.slice(i));
    if (!m) fail();
    segs.push(m[0]);
    i += m[0].length;
  }
  if (segs.length === 0) fail();
  return segs;
}
