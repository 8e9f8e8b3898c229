import 'server-only';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { auditActor } from '@/lib/server/audit/actor';
import { requirePermission } from '@/lib/server/context/workspace';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedRead } from '@/lib/server/audit/audited';
import { loadClassifier } from '@/lib/server/privacy/classifier';
import { maskEventForViewer } from '@/lib/privacy/mask';
import type { Classifier } from '@/lib/privacy/classify';
import { catalogEntry, effectiveBaa } from '@/lib/destinations/catalog';
import { getDestinationRuntime, invalidateDestinationRuntime } from '@/lib/server/destinations/runtime';
import { bodyOf, computeOutgoing } from '@/lib/server/destinations/protection/outgoing';
import {
  MAX_PREVIEW_EVENT_BYTES,
  type PreviewInput,
  type FunctionPreviewRun,
  type PreviewView,
  type SampleEventView,
} from '@/lib/schemas/encryption';

// "Preview what this destination receives". An audited read: a debugger
// sample is PHI, and so is the protected output next to it.

const MAX_DEPTH = 64;
const RECENT = 10;

function depthOf(v: unknown, d = 0): number {
  if (d > MAX_DEPTH || typeof v !== 'object' || v === null) return d;
  let max = d;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    max = Math.max(max, depthOf(x, d + 1));
    if (max > MAX_DEPTH) break;
  }
  return max;
}

/** Pasted JSON: one event object, at most 32 KB, sane nesting. */
export function validatePastedEvent(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new AppError(
      'validation_failed',
      'The pasted JSON must be one event object, e.g. {"type":"identify","traits":{…}}.',
      { fields: [{ path: 'event', message: 'Must be a JSON object.' }] },
    );
  }
  const bytes = Buffer.byteLength(JSON.stringify(v));
  if (bytes > MAX_PREVIEW_EVENT_BYTES) {
    throw new AppError(
      'payload_too_large',
      `The pasted event is ${(bytes / 1024).toFixed(1)} KB; events are limited to 32 KB.`,
      { fields: [{ path: 'event', message: 'Larger than 32 KB.' }] },
    );
  }
  if (depthOf(v) > MAX_DEPTH)
    throw new AppError('validation_failed', `The pasted event is nested deeper than ${MAX_DEPTH} levels.`, {
      fields: [{ path: 'event', message: 'Nested too deeply.' }],
    });
  const type = (v as Record<string, unknown>).type;
  if (type !== undefined && typeof type !== 'string')
    throw new AppError('validation_failed', '"type" must be a string such as "track" or "identify".', {
      fields: [{ path: 'event.type', message: 'Must be a string.' }],
    });
  return v as Record<string, unknown>;
}

const sampleView = (e: { id: string; type: string; eventName: string | null; receivedAt: Date }): SampleEventView => ({
  id: e.id,
  type: e.type,
  eventName: e.eventName,
  receivedAt: e.receivedAt.toISOString(),
});

export async function previewDestination(
  ctx: WorkspaceCtx,
  destinationId: string,
  input: PreviewInput,
): Promise<PreviewView> {
  const db = await getDb();
  const d = await db.destination.findFirst({
    where: { id: destinationId, workspaceId: ctx.workspace.id },
    select: {
      id: true,
      name: true,
      catalogId: true,
      baaOverride: true,
      enabled: true,
      sourceId: true,
      source: { select: { blockRed: true } },
    },
  });
  if (!d) throw new AppError('not_found', 'Destination not found.');

  const fromDebugger = input.event === undefined;
  // Source Debugger samples are live PHI: same permission as the debugger itself.
  if (fromDebugger) requirePermission(ctx, 'debugger.read');
  const pasted = fromDebugger ? null : validatePastedEvent(input.event);
  if (fromDebugger) {
    const exists = await db.event.findFirst({
      where: { workspaceId: ctx.workspace.id, sourceId: d.sourceId, ...(input.eventId ? { id: input.eventId } : {}) },
      select: { id: true },
    });
    if (!exists)
      throw new AppError(
        'not_found',
        input.eventId
          ? 'Event not found for this destination\u2019s source.'
          : 'The Source Debugger has no events from this destination\u2019s source yet. Paste a sample event instead.',
      );
  }

  const entry = {
    ...auditActor(ctx),
    eventType: 'destination.preview_viewed' as const,
    targetType: 'destination',
    targetId: destinationId,
    changes: { input: fromDebugger ? 'debugger' : 'pasted', ...(input.eventId ? { eventId: input.eventId } : {}) },
  };
  return auditedRead(db, entry, async () => {
    const sample = fromDebugger
      ? await db.event.findFirst({
          where: {
            workspaceId: ctx.workspace.id,
            sourceId: d.sourceId,
            ...(input.eventId ? { id: input.eventId } : {}),
          },
          orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
          select: { id: true, type: true, eventName: true, receivedAt: true, payload: true, blockedPaths: true },
        })
      : null;
    if (fromDebugger && !sample) throw new AppError('not_found', 'Event not found.');
    const raw = sample ? (sample.payload as Record<string, unknown>) : (pasted as Record<string, unknown>);
    // The delivery worker's own view of the destination (consent target, compiled
    // policy, sender), reloaded so a change saved a moment ago is what is shown.
    invalidateDestinationRuntime(d.id);
    const [classifier, rt, recent] = await Promise.all([
      loadClassifier(ctx.workspace.id),
      getDestinationRuntime(d.id),
      ctx.can('debugger.read')
        ? db.event.findMany({
            where: { workspaceId: ctx.workspace.id, sourceId: d.sourceId },
            orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
            take: RECENT,
            select: { id: true, type: true, eventName: true, receivedAt: true },
          })
        : Promise.resolve([]),
    ]);
    if (!rt) throw new AppError('not_found', 'Destination not found.');
    const baa = effectiveBaa(catalogEntry(d.catalogId)?.baa ?? 'you_decide', d.baaOverride);
    const r = await computeOutgoing(rt, {
      event: raw,
      alreadyBlocked: sample ? sample.blockedPaths : null,
      blockRed: d.source.blockRed,
      classifier,
      effectiveBaa: baa,
      destinationEnabled: d.enabled,
      applyFilter: true,
      runFunctions: true,
    });
    // The viewer typed pasted JSON themselves; debugger samples are masked
    // for viewers without PII access, exactly as the debugger masks them.
    const mask = fromDebugger && !ctx.can('pii.unmasked');
    const shown = (v: unknown) => (mask ? maskEventForViewer(v, classifier, { unmasked: false }) : v);
    return {
      destination: { id: d.id, name: d.name, effectiveBaa: baa, enabled: d.enabled },
      input: {
        kind: fromDebugger ? 'debugger' : 'pasted',
        sample: sample ? sampleView(sample) : null,
        event: shown(r.input),
      },
      masked: mask,
      delivery: r.delivery,
      output: shown(r.output),
      outputBytes: r.outputBytes,
      keyFingerprint: rt.policy?.encryptKey?.fingerprint ?? null,
      fields: r.fields,
      warnings: r.warnings,
      recentEvents: recent.map(sampleView),
      functions: mask ? r.functions.map((f) => maskRun(f, classifier)) : r.functions,
    };
  });
}

/** Without PII access: the run's values masked like events, its console output withheld. */
function maskRun(f: FunctionPreviewRun, classifier: Classifier): FunctionPreviewRun {
  return {
    ...f,
    returned: maskEventForViewer(f.returned, classifier, { unmasked: false }),
    requests: f.requests.map((q) => ({
      method: q.method,
      url: q.url.split('?')[0] ?? q.url,
      body:
        q.body === null ? null : JSON.stringify(maskEventForViewer(bodyOf(q.body), classifier, { unmasked: false })),
    })),
    logs: f.logs.length ? [{ level: 'info', message: 'Console output is shown to viewers with PII access only.' }] : [],
  };
}
