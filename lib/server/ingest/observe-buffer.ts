import 'server-only';
import { processSingleton } from '@/lib/server/platform/process-singleton';
import type { Classifier } from '@/lib/privacy/classify';
import type { ObservedField } from '@/lib/privacy/types';
import { log } from '@/lib/server/log';
import type { IngestSource } from '@/lib/server/ingest/source-config';
import { recordObservedFields } from '@/lib/server/privacy/observe';

// Feeds the Privacy Portal inbox without slowing ingest: classification runs
// after the response (setImmediate), fields are aggregated in memory per
// (workspace, source, event name) and flushed every OBSERVE_FLUSH_MS (default
// 2 s) or when the buffer grows large. One flush writes each distinct field
// once, however many events carried it. Losing a buffer in a crash loses only
// "seen" counters, never events. Samples of blocked (Red) fields are never
// kept: the inbox learns that the field exists, not its value.
const FLUSH_MS = Number(process.env.OBSERVE_FLUSH_MS ?? 2000);
const MAX_PENDING_FIELDS = 20_000;

export interface ObserveItem {
  eventName: string;
  payload: Record<string, unknown>;
  blocked: readonly string[];
}
interface Group {
  workspaceId: string;
  sourceId: string;
  eventName: string;
  count: number;
  fields: Map<string, { field: ObservedField; count: number }>;
}

interface BufferState {
  groups: Map<string, Group>;
  size: number;
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
}
const state = processSingleton<BufferState>('ingest.observe-buffer', () => ({
  groups: new Map(),
  size: 0,
  timer: null,
  flushing: null,
}));

function add(source: IngestSource, classifier: Classifier, item: ObserveItem): void {
  const key = `${source.workspaceId}|${source.sourceId}|${item.eventName}`;
  let group = state.groups.get(key);
  if (!group) {
    group = {
      workspaceId: source.workspaceId,
      sourceId: source.sourceId,
      eventName: item.eventName,
      count: 0,
      fields: new Map(),
    };
    state.groups.set(key, group);
  }
  group.count++;
  const blocked = item.blocked.length ? new Set(item.blocked) : null;
  for (const f of classifier.classifyEvent(item.payload)) {
    const seen = group.fields.get(f.keyPath);
    if (seen) {
      seen.count++;
      continue;
    }
    group.fields.set(f.keyPath, { field: blocked?.has(f.keyPath) ? { ...f, sample: '' } : f, count: 1 });
    state.size++;
  }
}

export async function flushObservations(): Promise<void> {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  if (state.flushing) await state.flushing;
  const groups = [...state.groups.values()];
  state.groups = new Map();
  state.size = 0;
  if (groups.length === 0) return;
  // One call: the Portal aggregates again per workspace and writes one statement each.
  state.flushing = recordObservedFields(
    groups.map((grp) => ({
      workspaceId: grp.workspaceId,
      sourceId: grp.sourceId,
      eventName: grp.eventName,
      events: grp.count,
      fields: [...grp.fields.values()].map(({ field, count }) => ({ ...field, count })),
    })),
  )
    .then(
      () => undefined,
      (e: unknown) =>
        log.warn('observe.flush_failed', { groups: groups.length, error: e instanceof Error ? e.name : 'unknown' }),
    )
    .finally(() => {
      state.flushing = null;
    });
  await state.flushing;
}

function schedule(): void {
  if (state.size >= MAX_PENDING_FIELDS) {
    void flushObservations();
    return;
  }
  if (!state.timer) {
    state.timer = setTimeout(() => void flushObservations(), FLUSH_MS);
    state.timer.unref?.();
  }
}

/** Queues the stored events' fields for the inbox; returns at once. */
export function observeMessages(source: IngestSource, classifier: Classifier, items: ObserveItem[]): void {
  setImmediate(() => {
    try {
      for (const item of items) add(source, classifier, item);
      schedule();
    } catch (e) {
      log.warn('observe.classify_failed', {
        workspaceId: source.workspaceId,
        error: e instanceof Error ? e.name : 'unknown',
      });
    }
  });
}
