import 'server-only';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditActor } from '@/lib/server/audit/actor';
import { auditedRead } from '@/lib/server/audit/audited';
import type { AuditEntry } from '@/lib/server/audit/record';
import { loadClassifier } from '@/lib/server/privacy/classifier';
import { runFunction, type RunResult } from '@/lib/server/functions/sandbox';
import { maskRunResult } from '@/lib/server/functions/test-mask';
import { validateSettings } from '@/lib/destinations/settings-schema';
import { functionCatalogEntry } from '@/lib/functions/settings';
import type { TestFunctionInput, TestResultView } from '@/lib/schemas/functions';

// The editor's Test panel: the current, unsaved code runs for real against a
// pasted event or an event from the Source Debugger, with test setting values
// that are used for this one call and never stored or logged. fetch() goes out
// through the SSRF guard exactly as in delivery. The run is a PHI read: its audit
// row (input kind and event id, never event contents or values) is committed
// before the code runs, so nothing leaves the server, by fetch or in the
// answer, unless the access is on record.

const DELIVERY = {
  ok: 'delivered',
  retry: 'retrying',
  dropped: 'filtered',
  not_supported: 'filtered',
  failed: 'failed',
} as const satisfies Record<RunResult['outcome'], TestResultView['delivery']>;

/** The declared settings' rules (required, types) applied to the test values; errors name `values.<setting>`. */
function testSettings(input: TestFunctionInput): Record<string, unknown> {
  const r = validateSettings(functionCatalogEntry(input.settings), input.values, { kind: 'create' });
  if (!r.ok) {
    const fields = r.errors.map((e) => ({ path: e.path.replace(/^settings/, 'values'), message: e.message }));
    throw new AppError('validation_failed', `${fields[0]!.path}: ${fields[0]!.message}`, { fields });
  }
  return { ...r.value.settings, ...r.value.secrets };
}

interface Picked {
  entry: Omit<AuditEntry, keyof ReturnType<typeof auditActor>>;
  load: () => Promise<Record<string, unknown>>;
  eventId: string | null;
  masked: boolean;
}

async function pickDebuggerEvent(
  ctx: WorkspaceCtx,
  sample: NonNullable<TestFunctionInput['sample']>,
  kind: TestFunctionInput['kind'],
): Promise<Picked> {
  if (!ctx.can('debugger.read'))
    throw new AppError('forbidden', 'Testing with a Source Debugger event needs access to the Source Debugger.');
  const workspaceId = ctx.workspace.id;
  const db = await getDb();
  const source = await db.source.findFirst({ where: { id: sample.sourceId, workspaceId }, select: { id: true } });
  if (!source)
    throw new AppError('not_found', 'Source not found.', {
      fields: [{ path: 'sample.sourceId', message: 'Pick one of this workspace’s sources.' }],
    });
  const e = await db.event.findFirst({
    where: { workspaceId, sourceId: source.id, ...(sample.eventId ? { id: sample.eventId } : {}) },
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    select: { id: true, userId: true, anonymousId: true },
  });
  if (!e)
    throw new AppError('not_found', sample.eventId ? 'Event not found.' : 'This source has no events yet.', {
      fields: [
        { path: sample.eventId ? 'sample.eventId' : 'sample.sourceId', message: 'Pick an event of this source.' },
      ],
    });
  const masked = !ctx.can('pii.unmasked');
  return {
    entry: {
      eventType: 'function.tested',
      targetType: 'event',
      targetId: e.id,
      endUserId: e.userId ?? e.anonymousId,
      changes: { input: 'debugger', sourceId: source.id, eventId: e.id, kind, masked },
    },
    load: async () => {
      const row = await db.event.findFirstOrThrow({ where: { id: e.id, workspaceId }, select: { payload: true } });
      const payload = row.payload;
      return payload && typeof payload === 'object' && !Array.isArray(payload)
        ? (payload as Record<string, unknown>)
        : {};
    },
    eventId: e.id,
    masked,
  };
}

function pickPasted(event: Record<string, unknown>, kind: TestFunctionInput['kind']): Picked {
  return {
    entry: {
      eventType: 'function.tested',
      targetType: 'function_test',
      targetId: null,
      changes: { input: 'pasted', eventId: null, kind, masked: false },
    },
    load: async () => event,
    eventId: null,
    masked: false,
  };
}

export async function testFunction(ctx: WorkspaceCtx, input: TestFunctionInput): Promise<TestResultView> {
  const settings = testSettings(input);
  const picked = input.sample
    ? await pickDebuggerEvent(ctx, input.sample, input.kind)
    : pickPasted(input.event ?? {}, input.kind);
  const db = await getDb();
  const event = await auditedRead(db, { ...auditActor(ctx), ...picked.entry }, picked.load);

  const raw = await runFunction({
    // One runtime key per user and workspace: new code under it replaces the runtime,
    // and no other user's test (or any connected instance) ever shares it.
    versionId: `test:${ctx.workspace.id}:${ctx.user.id}`,
    instanceKey: 'test',
    code: input.code,
    kind: input.kind,
    event,
    settings,
  });
  const r = picked.masked ? maskRunResult(raw, await loadClassifier(ctx.workspace.id)) : raw;
  return {
    outcome: r.outcome,
    delivery: DELIVERY[r.outcome],
    errorType: r.errorType ?? null,
    message: r.message ?? null,
    returned: r.outcome === 'dropped' && input.kind === 'insert' ? null : (r.returned ?? null),
    fetches: r.fetches.map((f) => ({
      method: f.method,
      url: f.url,
      status: f.status,
      ...(f.error !== undefined ? { error: f.error } : {}),
      ...(f.responseBody !== undefined ? { responseBody: f.responseBody } : {}),
      durationMs: f.durationMs,
    })),
    logs: r.logs,
    logsTruncated: r.logsTruncated,
    durationMs: r.durationMs,
    input: { kind: input.sample ? 'debugger' : 'pasted', eventId: picked.eventId, masked: picked.masked },
  };
}
