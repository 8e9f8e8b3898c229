import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/test-db';
import { auditCsvChunks, csvCell, csvLine, CSV_HEADER, streamAuditCsv } from '@/lib/server/audit-log/csv';
import { expectedOrder, seedRows } from './seed';

describe('csvCell', () => {
  it.each([
    [null, ''],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['a=b', 'a=b'],
  ])('%j -> %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('ends lines with CRLF', () => {
    expect(csvLine(['a', null, 'b'])).toBe('a,,b\r\n');
  });
});

// A strict RFC 4180 reader, to prove the writer round-trips.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) throw new Error('unterminated last line');
  return rows;
}

describe('audit CSV export', () => {
  let t: TestDb;
  const ws = randomUUID();
  beforeAll(async () => {
    t = await createTestDb();
    await seedRows(t.raw, { workspaceId: ws, count: 53, actorA: randomUUID(), actorB: randomUUID() });
    await seedRows(t.raw, { workspaceId: randomUUID(), count: 10, actorA: randomUUID(), actorB: randomUUID() });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('streams the filtered set in keyset batches, in order, once each', async () => {
    let text = '';
    let chunks = 0;
    for await (const c of auditCsvChunks(t.prisma, ws, {}, 10)) {
      text += c;
      chunks++;
    }
    expect(chunks).toBe(1 + 6); // header + 5 full batches + 1 partial
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(await expectedOrder(t.raw, ws));
    expect(rows.every((r) => r.length === CSV_HEADER.length)).toBe(true);
  });

  it('escapes cells and guards formulas', async () => {
    const rows = parseCsv(await new Response(streamAuditCsv(t.prisma, ws, { eventType: ['audit.exported'] })).text());
    const col = (name: (typeof CSV_HEADER)[number]) => CSV_HEADER.indexOf(name);
    const body = rows.slice(1);
    expect(body.length).toBe(13);
    expect(body.every((r) => r[col('event_name')] === 'Audit Log Exported')).toBe(true);
    // g % 10 = 0 rows carry a formula user agent; g % 20 = 0 are also exports.
    expect(body.filter((r) => r[col('user_agent')] === `'=HYPERLINK("http://x","y")`)).toHaveLength(2);
    expect(body.filter((r) => r[col('user_agent')] === 'Mozilla/5.0, "quoted"').length).toBeGreaterThan(0);
    expect(body.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(r[col('timestamp_utc')]!))).toBe(true);
    const withChanges = body.find((r) => r[col('changes')]);
    expect(JSON.parse(withChanges![col('changes')]!)).toEqual({ after: { name: 'line1\nline2, "q"' } });
  });

  it('writes only the header for an empty set', async () => {
    const text = await new Response(streamAuditCsv(t.prisma, randomUUID(), {})).text();
    expect(parseCsv(text)).toEqual([[...CSV_HEADER]]);
  });
});
