import 'server-only';
import { createTwoFilesPatch } from 'diff';
import { MAX_CHANGES_BYTES } from '@/lib/server/audit/sanitize';
import type { FunctionSettingDefInput } from '@/lib/schemas/functions';

// What a "Function Version Saved" row says about the change: a unified diff of the
// code and the settings declarations that changed (names and types; a declaration
// has no values, and setting values never reach this module).
//
// The audit sanitiser cuts strings at 200 characters, keeps 50 array items and
// replaces a `changes` object larger than MAX_CHANGES_BYTES with a stub. The diff is
// therefore stored as lines, each cut to 200 characters, and only as many lines as
// fit in what the rest of the row leaves: a long diff is cut with `diffTruncated`,
// while the added/removed counts always describe the whole change.

const MAX_LINE = 200;
const MAX_LINES = 50;
const MAX_LISTED = 10;
/** Room left for the sanitiser's own additions (`redacted`) and the JSON punctuation around `diff`. */
const RESERVE = 300;
const CONTEXT_LINES = 2;

type Def = FunctionSettingDefInput;

const cut = (line: string) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line);

function capList(items: string[]): string[] {
  return items.length > MAX_LISTED ? [...items.slice(0, MAX_LISTED), `+${items.length - MAX_LISTED} more`] : items;
}

const describe = (d: Def) => `${d.name}: ${d.type}${d.required ? ', required' : ''}`;

function changedParts(before: Def, after: Def): string | null {
  const parts: string[] = [];
  if (before.type !== after.type) parts.push(`type ${before.type} → ${after.type}`);
  if (before.required !== after.required) parts.push(after.required ? 'now required' : 'now optional');
  if (before.label !== after.label) parts.push('label');
  if ((before.description ?? '') !== (after.description ?? '')) parts.push('description');
  return parts.length ? `${after.name}: ${parts.join(', ')}` : null;
}

/** Declarations added, removed and changed, by name and type. */
export function settingsChanges(before: Def[], after: Def[]): Record<string, unknown> {
  const was = new Map(before.map((d) => [d.name, d]));
  const now = new Map(after.map((d) => [d.name, d]));
  const added = after.filter((d) => !was.has(d.name)).map(describe);
  const removed = before.filter((d) => !now.has(d.name)).map(describe);
  const changed = after.flatMap((d) => {
    const old = was.get(d.name);
    const c = old && changedParts(old, d);
    return c ? [c] : [];
  });
  const out: Record<string, unknown> = {};
  if (added.length) out.settingsAdded = capList(added);
  if (removed.length) out.settingsRemoved = capList(removed);
  if (changed.length) out.settingsChanged = capList(changed);
  const order = (list: Def[]) => list.map((d) => d.name).join('\u0000');
  if (!Object.keys(out).length && order(before) !== order(after)) out.settingsReordered = true;
  return out;
}

export interface CodeDiff {
  diff: string[];
  linesAdded: number;
  linesRemoved: number;
  diffTruncated?: true;
}

/**
 * The unified diff between two versions' code, as lines that fit in `budget`
 * characters of JSON. The "=====" separator the diff package writes first is left out.
 */
export function codeDiff(
  before: { number: number; code: string },
  after: { number: number; code: string },
  budget: number,
): CodeDiff {
  const patch = createTwoFilesPatch(
    `version ${before.number}`,
    `version ${after.number}`,
    before.code,
    after.code,
    undefined,
    undefined,
    { context: CONTEXT_LINES },
  );
  const lines = patch.split('\n');
  if (lines[0] && /^=+$/.test(lines[0])) lines.shift();
  if (lines.at(-1) === '') lines.pop();
  let linesAdded = 0;
  let linesRemoved = 0;
  // The first two lines are the "--- version N" / "+++ version M" headers; a code line
  // such as "++i" shows as "+++i", so lines are classified by position, not by prefix.
  for (const line of lines.slice(2)) {
    if (line.startsWith('+')) linesAdded++;
    else if (line.startsWith('-')) linesRemoved++;
  }
  const diff: string[] = [];
  let used = 0;
  let truncated = false;
  for (const line of lines) {
    const c = cut(line);
    const cost = JSON.stringify(c).length + 1;
    if (diff.length >= MAX_LINES || used + cost > budget) {
      truncated = true;
      break;
    }
    diff.push(c);
    used += cost;
  }
  return { diff, linesAdded, linesRemoved, ...(truncated ? { diffTruncated: true as const } : {}) };
}

/** The `changes` of a save: the fixed fields first, then as much of the diff as still fits. */
export function versionSavedChanges(
  before: { number: number; code: string; settings: Def[] },
  after: { number: number; code: string; settings: Def[] },
  facts: Record<string, unknown>,
): Record<string, unknown> {
  const fixed = { version: after.number, previousVersion: before.number, ...facts };
  const settings = settingsChanges(before.settings, after.settings);
  const head = { ...fixed, ...settings };
  if (before.code === after.code) return { ...head, codeChanged: false };
  const placeholder = { ...head, linesAdded: 0, linesRemoved: 0, diffTruncated: true, diff: [] };
  const budget = MAX_CHANGES_BYTES - RESERVE - JSON.stringify(placeholder).length;
  return { ...head, ...codeDiff(before, after, Math.max(budget, 0)) };
}
