'use client';
import { diffLines } from 'diff';

export interface DiffRow {
  kind: 'added' | 'removed' | 'same' | 'skipped';
  oldNo: number | null;
  newNo: number | null;
  text: string;
}

const CONTEXT = 3;
const splitLines = (s: string) => (s.endsWith('\n') ? s.slice(0, -1) : s).split('\n');

/** Line rows of a diff, with long unchanged stretches folded to CONTEXT lines on each side. */
export function diffRows(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let o = 1;
  let n = 1;
  for (const part of diffLines(before, after)) {
    const lines = splitLines(part.value);
    if (part.added) for (const text of lines) rows.push({ kind: 'added', oldNo: null, newNo: n++, text });
    else if (part.removed) for (const text of lines) rows.push({ kind: 'removed', oldNo: o++, newNo: null, text });
    else for (const text of lines) rows.push({ kind: 'same', oldNo: o++, newNo: n++, text });
  }
  const keep = rows.map((r) => r.kind !== 'same');
  rows.forEach((r, i) => {
    if (r.kind === 'same') return;
    for (let j = Math.max(0, i - CONTEXT); j <= Math.min(rows.length - 1, i + CONTEXT); j++) keep[j] = true;
  });
  const out: DiffRow[] = [];
  for (let i = 0; i < rows.length;) {
    if (keep[i]) {
      out.push(rows[i]!);
      i++;
      continue;
    }
    let j = i;
    while (j < rows.length && !keep[j]) j++;
    out.push({ kind: 'skipped', oldNo: null, newNo: null, text: `${j - i} unchanged line${j - i === 1 ? '' : 's'}` });
    i = j;
  }
  return out;
}

const MARK = { added: '+', removed: '−', same: '', skipped: '…' } as const;
const WORD = { added: 'Added', removed: 'Removed', same: 'Unchanged', skipped: 'Folded' } as const;
const TONE = {
  added: 'bg-emerald-50',
  removed: 'bg-red-50',
  same: '',
  skipped: 'bg-slate-50 text-slate-500 italic',
} as const;

/** A line diff as a table: the +/− column and its words carry the meaning, colour only repeats it. */
export function VersionDiff({ before, after, caption }: { before: string; after: string; caption: string }) {
  const rows = diffRows(before, after);
  const changed = rows.filter((r) => r.kind === 'added' || r.kind === 'removed').length;
  return (
    <div className="overflow-auto rounded-md border border-slate-200">
      <table className="w-full font-mono text-xs">
        <caption className="p-2 text-left font-sans text-sm text-slate-700">
          {caption}: {changed === 0 ? 'no changes' : `${changed} line${changed === 1 ? '' : 's'} changed`}
        </caption>
        <thead className="bg-slate-50 text-left font-sans text-slate-600">
          <tr>
            <th scope="col" className="w-16 px-2 py-1">
              Change
            </th>
            <th scope="col" className="w-12 px-2 py-1 text-right">
              Old
            </th>
            <th scope="col" className="w-12 px-2 py-1 text-right">
              New
            </th>
            <th scope="col" className="px-2 py-1">
              Code
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className={TONE[r.kind]}>
              <td className="px-2 py-0.5">
                <span aria-hidden>{MARK[r.kind]}</span>
                <span className="sr-only">{WORD[r.kind]}</span>
              </td>
              <td className="px-2 py-0.5 text-right text-slate-500">{r.oldNo ?? ''}</td>
              <td className="px-2 py-0.5 text-right text-slate-500">{r.newNo ?? ''}</td>
              <td className="whitespace-pre-wrap break-all px-2 py-0.5">{r.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
