import 'server-only';
import type { Db, Tx } from '@/lib/server/db';
import { auditDisplayName } from '@/lib/audit-events';
import { fetchAuditBatch, type AuditRow } from '@/lib/server/audit-log/query';
import type { AuditFilters } from '@/lib/schemas/audit';

export const CSV_HEADER = [
  'id',
  'timestamp_utc',
  'workspace_id',
  'actor_user_id',
  'actor_type',
  'event_type',
  'event_name',
  'end_user_id',
  'target_type',
  'target_id',
  'ip',
  'user_agent',
  'request_id',
  'changes',
  'prev_hash',
  'hash',
] as const;

export const CSV_BATCH = 5000;

const NEEDS_QUOTES = /[",\r\n]/;
// A spreadsheet treats a cell starting with one of these as a formula; user
// agents, target ids and end user ids are attacker-controlled text.
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180 cell with the OWASP CSV-injection guard (a leading apostrophe). */
export function csvCell(v: string | null | undefined): string {
  if (v == null || v === '') return '';
  const s = FORMULA_START.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly (string | null | undefined)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

function rowLine(r: AuditRow): string {
  return csvLine([
    r.id,
    r.timestamp.toISOString(),
    r.workspaceId,
    r.actorUserId,
    r.actorType,
    r.eventType,
    auditDisplayName(r.eventType),
    r.endUserId,
    r.targetType,
    r.targetId,
    r.ip,
    r.userAgent,
    r.requestId,
    r.changes == null ? null : JSON.stringify(r.changes),
    r.prevHash,
    r.hash,
  ]);
}

/**
 * The filtered set as CSV text, one chunk per keyset batch (header first). The
 * next batch is requested before the current one is encoded, so the database and
 * the encoder work at the same time. Rows appended during the export are newer
 * than the first batch and are not included; none are repeated or skipped.
 */
export async function* auditCsvChunks(
  db: Db | Tx,
  workspaceId: string,
  filters: AuditFilters,
  batch = CSV_BATCH,
): AsyncGenerator<string> {
  yield csvLine(CSV_HEADER);
  let pending: Promise<AuditRow[]> | null = fetchAuditBatch(db, workspaceId, filters, null, batch);
  try {
    while (pending) {
      const rows: AuditRow[] = await pending;
      const last = rows[rows.length - 1];
      pending =
        rows.length === batch && last
          ? fetchAuditBatch(db, workspaceId, filters, { dir: 'older', ts: last.timestamp, id: last.id }, batch)
          : null;
      let out = '';
      for (const r of rows) out += rowLine(r);
      if (out) yield out;
    }
  } finally {
    // The consumer stopped early (client went away): the prefetch is not needed.
    pending?.catch(() => {});
  }
}

/** auditCsvChunks as a byte stream for a Response body; cancelling stops the batches. */
export function streamAuditCsv(db: Db | Tx, workspaceId: string, filters: AuditFilters): ReadableStream<Uint8Array> {
  const it = auditCsvChunks(db, workspaceId, filters);
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await it.next();
      if (done) controller.close();
      else controller.enqueue(enc.encode(value));
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}
