/**
 * Key normalisation: the single place that decides which spellings of a key are
 * "the same key". Matching elsewhere is EXACT on this output — there is no fuzzy
 * matching anywhere in the engine — so these rules fully define what a matcher hits.
 *
 * Rules (one left-to-right pass over code points):
 *  1. Anything that is not a letter, digit or combining mark is a separator
 *     (`_`, `-`, space, `.`, `/`, `$`, …). Runs collapse; leading/trailing ones vanish.
 *  2. An upper-case letter after a lower-case letter starts a word (`firstName` →
 *     `first name`); after a digit it does only when a lower-case letter follows, i.e.
 *     it begins a Capitalised word (`ipv4Address` → `ipv4 address`, `SHA256Hash` →
 *     `sha256 hash`, but `A0A` → `a0a`, so UPPER_SNAKE keeps its words intact).
 *  3. In an upper-case run, the last capital starts a word when a lower-case letter
 *     follows (acronym boundary): `userIPAddress` → `user ip address`, `IPAddress` → `ip address`.
 *  4. Digits never start a word: they stay attached to what precedes them, and lower-case
 *     letters after digits stay attached too: `address2` → `address2`, `addressLine2` →
 *     `address line2`, `3rdParty` → `3rd party`. (So `address_2` → `address 2` differs from
 *     `address2`; we only split where the writer signalled a boundary.)
 *  5. Words are lower-cased and joined by a single space.
 *
 * "Upper-case" means "changes under toLowerCase()", so caseless scripts (CJK, …) are
 * treated like lower-case letters and the output contains no upper-case letters, which is
 * what makes the function idempotent.
 */

const SEP = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const MARK = 4;

const MARK_RE = /^\p{M}$/u;
const NUMBER_RE = /^\p{N}$/u;
const LETTER_RE = /^\p{L}$/u;

function kindOf(cp: number, ch: string): number {
  if (cp < 128) {
    if (cp >= 97 && cp <= 122) return LOWER;
    if (cp >= 65 && cp <= 90) return UPPER;
    if (cp >= 48 && cp <= 57) return DIGIT;
    return SEP;
  }
  if (MARK_RE.test(ch)) return MARK;
  if (NUMBER_RE.test(ch)) return DIGIT;
  if (LETTER_RE.test(ch)) return ch.toLowerCase() === ch ? LOWER : UPPER;
  return SEP;
}

export function normalizeKey(key: string): string {
  // Pass 1: split into code points with their kinds (needed for the one-char lookahead of rule 3).
  const chars: string[] = [];
  const kinds: number[] = [];
  for (let i = 0; i < key.length;) {
    const cp = key.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const ch = key.slice(i, i + width);
    chars.push(ch);
    kinds.push(kindOf(cp, ch));
    i += width;
  }

  const words: string[] = [];
  let cur = '';
  // Kind of the last non-mark character in the current word (marks are transparent).
  let prev = SEP;
  for (let i = 0; i < chars.length; i++) {
    const kind = kinds[i];
    if (kind === SEP) {
      if (cur !== '') words.push(cur);
      cur = '';
      prev = SEP;
      continue;
    }
    if (kind === UPPER && cur !== '') {
      const next = nextNonMarkKind(kinds, i + 1);
      if (prev === LOWER || ((prev === DIGIT || prev === UPPER) && next === LOWER)) {
        words.push(cur);
        cur = '';
      }
    }
    // ASCII lower-case letters and digits are already final; everything else is folded.
    const ch = chars[i];
    cur += kind === UPPER || ch.charCodeAt(0) >= 128 ? ch.toLowerCase() : ch;
    if (kind !== MARK) prev = kind;
  }
  if (cur !== '') words.push(cur);
  return words.join(' ');
}

function nextNonMarkKind(kinds: readonly number[], from: number): number {
  for (let j = from; j < kinds.length; j++) if (kinds[j] !== MARK) return kinds[j];
  return SEP;
}
