/**
 * Safety check for CUSTOM regex matchers, which run on every event in the ingest hot
 * path. JS RegExp is a backtracking engine, so we refuse the constructs that make it
 * super-linear instead of trying to bound run time afterwards.
 *
 * A tiny tokenizer/parser builds a tree (sequences, groups, quantifiers, atoms) and we
 * reject:
 *  - backreferences (`\1`, `\k<n>`) and lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`);
 *  - nested quantifiers: a group repeated more than once (`*`, `+`, `{2,}`, `{2}`, …)
 *    that contains a variable-count quantifier (`(a+)+`, `(a*)*`, `(.*)*`, `(a?){3}`);
 *    fixed counts inside are fine (`(\d{3}-){2}`) because they create no choice points;
 *  - alternation inside a repeated group unless every branch is plain text and the
 *    branches start with different characters (`(a|aa)*` and `(a|a)*` are rejected,
 *    `(cat|dog)+` is accepted);
 *  - two adjacent unbounded quantifiers over overlapping atoms (`.*.*`, `\d+\d*`),
 *    which backtrack polynomially.
 * The check is conservative: it may refuse some safe patterns, never the reverse for
 * the classes above.
 */

export const MAX_PATTERN_LENGTH = 200;

export type RegexCheck = { ok: true } | { ok: false; reason: string };
export type SafeCompile = { ok: true; regex: RegExp } | { ok: false; reason: string };

/** `g`/`y` make `test()` stateful (lastIndex), `v` changes class syntax our parser does not model. */
const ALLOWED_FLAGS = 'imsu';

type Atom = { t: 'atom'; pos: number; text: string; literal: string | null; wide: boolean };
type Assert = { t: 'assert'; pos: number };
type Group = { t: 'group'; pos: number; body: Alt };
type Quant = { t: 'quant'; pos: number; min: number; max: number; node: Node };
type Node = Atom | Assert | Group | Quant;
interface Alt {
  branches: Node[][];
  /** Position of each `|` (branches.length - 1 entries). */
  bars: number[];
}

class Reject extends Error {}

const QUANT_BRACES = /^\{(\d+)(?:,(\d*))?\}/;
const HEX2 = /^[0-9A-Fa-f]{2}$/;
const HEX4 = /^[0-9A-Fa-f]{4}$/;
const WIDE_ESCAPES = new Set(['D', 'W', 'S']);

class Parser {
  private i = 0;
  constructor(private readonly p: string) {}

  parse(): Alt {
    const alt = this.alt();
    // The pattern already compiled, so a stray `)` cannot happen; guard anyway.
    if (this.i < this.p.length) throw new Reject(`Unexpected ")" at position ${this.i}`);
    return alt;
  }

  private alt(): Alt {
    const alt: Alt = { branches: [[]], bars: [] };
    while (this.i < this.p.length && this.p[this.i] !== ')') {
      if (this.p[this.i] === '|') {
        alt.bars.push(this.i++);
        alt.branches.push([]);
        continue;
      }
      const node = this.quantified(this.atom());
      alt.branches[alt.branches.length - 1].push(node);
    }
    return alt;
  }

  private atom(): Node {
    const { p } = this;
    const pos = this.i;
    const c = p[pos];
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape();
    this.i++;
    if (c === '^' || c === '$') return { t: 'assert', pos };
    if (c === '.') return { t: 'atom', pos, text: '.', literal: null, wide: true };
    return { t: 'atom', pos, text: c, literal: c, wide: false };
  }

  private group(): Group {
    const { p } = this;
    const pos = this.i;
    let j = pos + 1;
    if (p[j] === '?') {
      const next = p[j + 1];
      if (next === '=' || next === '!')
        throw new Reject(`Lookahead at position ${pos} is not allowed in custom matchers`);
      if (next === '<' && (p[j + 2] === '=' || p[j + 2] === '!')) {
        throw new Reject(`Lookbehind at position ${pos} is not allowed in custom matchers`);
      }
      if (next === ':') j += 2;
      else if (next === '<')
        j = p.indexOf('>', j) + 1; // named capture group
      else throw new Reject(`Unsupported group syntax "(?${next ?? ''}" at position ${pos}`);
    }
    this.i = j;
    const body = this.alt();
    if (p[this.i] !== ')') throw new Reject(`Unclosed group at position ${pos}`);
    this.i++;
    return { t: 'group', pos, body };
  }

  private charClass(): Atom {
    const { p } = this;
    const pos = this.i;
    let j = pos + 1;
    const negated = p[j] === '^';
    while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
    this.i = j + 1;
    return { t: 'atom', pos, text: p.slice(pos, j + 1), literal: null, wide: negated };
  }

  private escape(): Node {
    const { p } = this;
    const pos = this.i;
    const c = p[pos + 1] ?? '';
    if (c >= '1' && c <= '9') throw new Reject(`Backreference at position ${pos} is not allowed in custom matchers`);
    if (c === 'k' && p[pos + 2] === '<') {
      throw new Reject(`Named backreference at position ${pos} is not allowed in custom matchers`);
    }
    this.i = pos + 2;
    if (c === 'b' || c === 'B') return { t: 'assert', pos };
    // Consume the payload of multi-character escapes, but only when it is well-formed:
    // outside unicode mode `\x`, `\u`, `\c` without a payload are plain letters.
    if ((c === 'p' || c === 'P' || c === 'u') && p[pos + 2] === '{') {
      const close = p.indexOf('}', pos);
      if (close > 0) this.i = close + 1;
    } else if (c === 'x' && HEX2.test(p.slice(pos + 2, pos + 4))) this.i = pos + 4;
    else if (c === 'u' && HEX4.test(p.slice(pos + 2, pos + 6))) this.i = pos + 6;
    else if (c === 'c' && /^[A-Za-z]$/.test(p[pos + 2] ?? '')) this.i = pos + 3;
    // `\.` or `\-` is a plain character; `\d`, `\w`, `\x41`… are classes/codes we don't compare.
    const literal = /[^A-Za-z0-9]/.test(c) ? c : null;
    return { t: 'atom', pos, text: p.slice(pos, this.i), literal, wide: WIDE_ESCAPES.has(c) };
  }

  private quantified(node: Node): Node {
    const { p } = this;
    const pos = this.i;
    let min: number;
    let max: number;
    const c = p[pos];
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = QUANT_BRACES.exec(p.slice(pos, pos + 24));
      if (!m) return node; // a literal `{` outside unicode mode
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[2] === '' ? Infinity : Number(m[2]);
      this.i += m[0].length - 1;
    } else return node;
    this.i++;
    if (p[this.i] === '?') this.i++; // lazy modifier changes order, not the search space
    return { t: 'quant', pos, min, max, node };
  }
}

function hasVariableQuantifier(alt: Alt): boolean {
  return alt.branches.some((branch) => branch.some(nodeHasVariableQuantifier));
}

function nodeHasVariableQuantifier(node: Node): boolean {
  if (node.t === 'quant') return node.min !== node.max || nodeHasVariableQuantifier(node.node);
  if (node.t === 'group') return hasVariableQuantifier(node.body);
  return false;
}

/** A branch is "plain text" when it is only literal characters; returns its first char. */
function plainFirstChar(branch: readonly Node[]): string | null {
  if (branch.length === 0) return null;
  for (const node of branch) if (node.t !== 'atom' || node.literal === null) return null;
  return (branch[0] as Atom).literal!.toLowerCase();
}

function checkAlt(alt: Alt, repeated: boolean): void {
  if (repeated && alt.branches.length > 1) {
    const seen = new Set<string>();
    for (const branch of alt.branches) {
      const first = plainFirstChar(branch);
      if (first === null || seen.has(first)) {
        throw new Reject(
          `Alternation at position ${alt.bars[0]} inside a repeated group can cause catastrophic backtracking ` +
            '(branches must be plain text starting with different characters)',
        );
      }
      seen.add(first);
    }
  }
  for (const branch of alt.branches) {
    checkAdjacent(branch);
    for (const node of branch) checkNode(node, repeated);
  }
}

function checkNode(node: Node, repeated: boolean): void {
  if (node.t === 'group') return checkAlt(node.body, repeated);
  if (node.t !== 'quant') return;
  const repeats = node.max > 1;
  if (repeats && node.node.t === 'group' && hasVariableQuantifier(node.node.body)) {
    throw new Reject(`Nested quantifier at position ${node.pos} can cause catastrophic backtracking`);
  }
  checkNode(node.node, repeated || repeats);
}

function checkAdjacent(branch: readonly Node[]): void {
  for (let k = 1; k < branch.length; k++) {
    const a = branch[k - 1];
    const b = branch[k];
    if (a.t !== 'quant' || b.t !== 'quant' || a.node.t !== 'atom' || b.node.t !== 'atom') continue;
    if (a.max !== Infinity || b.max !== Infinity) continue;
    if (a.node.wide || b.node.wide || a.node.text === b.node.text) {
      throw new Reject(
        `Adjacent quantifiers at positions ${a.pos} and ${b.pos} overlap and can cause slow backtracking`,
      );
    }
  }
}

function checkFlags(flags: string): string | null {
  for (const f of flags) {
    if (!ALLOWED_FLAGS.includes(f)) return `Flag "${f}" is not allowed (allowed: ${ALLOWED_FLAGS})`;
  }
  return null;
}

export function checkRegex(pattern: string, flags = ''): RegexCheck {
  const flagProblem = checkFlags(flags);
  if (flagProblem) return { ok: false, reason: flagProblem };
  if (pattern.length === 0) return { ok: false, reason: 'Pattern is empty (it would match everything)' };
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, reason: `Pattern is ${pattern.length} characters long; the maximum is ${MAX_PATTERN_LENGTH}` };
  }
  try {
    new RegExp(pattern, flags);
  } catch (err) {
    return { ok: false, reason: `Invalid regular expression: ${(err as Error).message}` };
  }
  try {
    checkAlt(new Parser(pattern).parse(), false);
  } catch (err) {
    if (err instanceof Reject) return { ok: false, reason: err.message };
    throw err;
  }
  return { ok: true };
}

/** `checkRegex` + compile. Never throws; never returns a stateful (`g`/`y`) regex. */
export function compileSafe(pattern: string, flags = ''): SafeCompile {
  const check = checkRegex(pattern, flags);
  if (!check.ok) return check;
  return { ok: true, regex: new RegExp(pattern, flags) };
}
