import 'server-only';
import { applyProtection, type CompiledPolicy, type ProtectedEvent } from '@/lib/crypto/transform';
import { normalizeKey } from '@/lib/privacy/normalize';
import { retryDelayMs, retryOrDead } from '@/lib/server/delivery/backoff';
import type { WorkerConfig } from '@/lib/server/delivery/config';
import { filterReason } from '@/lib/server/destinations/consent-gate';
import { getDestinationRuntime, type DestinationRuntime } from '@/lib/server/destinations/runtime';
import type { AttemptRow, ClaimedDelivery, DeliveryResult } from '@/lib/server/delivery/queue';
import type { FunctionLog, OutboundItem, SendResult } from '@/lib/server/destinations/senders/types';
import { insertOutcomeOf, runBoundMany } from '@/lib/server/destinations/function-run';
import { HELD_MESSAGE } from '@/lib/server/destinations/endpoint-change';
import { coveredPolicy } from '@/lib/server/destinations/protection/coverage';

// One claimed batch through the pipeline: consent gate → protection transform →
// sender → outcome. Pure of the database except for cached destination config;
// the caller records every outcome in one statement.

export interface ProcessedBatch {
  results: DeliveryResult[];
  attempts: AttemptRow[];
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}

function cap(s: string | undefined | null, n = 500): string | null {
  return s ? s.slice(0, n) : null;
}

export async function processClaimed(rows: readonly ClaimedDelivery[], cfg: WorkerConfig): Promise<ProcessedBatch> {
  const results: DeliveryResult[] = [];
  const attempts: AttemptRow[] = [];
  const settle = (
    row: ClaimedDelivery,
    status: DeliveryResult['status'],
    lastError: string | null,
    extra: Partial<DeliveryResult> = {},
  ) => {
    results.push({
      id: row.id,
      attempts: row.attempts,
      status,
      retryInMs: null,
      lastError: cap(lastError),
      lastStatus: null,
      payloadJson: null,
      ...extra,
    });
  };

  const runtimes = new Map<string, DestinationRuntime | null>();
  await Promise.all(
    [...new Set(rows.map((r) => r.destinationId))].map(async (id) => {
      runtimes.set(id, await getDestinationRuntime(id));
    }),
  );

  // Consent and routing first (cheap); per-destination groups of what may be sent.
  const groups = new Map<string, ClaimedDelivery[]>();
  for (const row of rows) {
    const rt = runtimes.get(row.destinationId);
    if (!row.payload || !row.messageId) {
      settle(row, 'failed', 'The event no longer exists.');
      continue;
    }
    if (!rt) {
      settle(row, 'filtered', 'The destination no longer exists.');
      continue;
    }
    // Queued for the endpoint before the latest change (claimed before the change held it, or
    // recovered after): held for an owner's confirmed replay, never sent to the new endpoint.
    if (rt.endpointChangedAt && row.ageFrom.getTime() <= rt.endpointChangedAt.getTime()) {
      settle(row, 'held', HELD_MESSAGE);
      continue;
    }
    if (!rt.enabled) {
      settle(row, 'filtered', 'Filtered: the destination is disabled.');
      continue;
    }
    if (rt.problem || !rt.sender) {
      settle(row, 'failed', rt.problem ?? 'This destination type has no event sender.');
      continue;
    }
    if (row.attempts > cfg.maxAttempts) {
      settle(row, 'dead', 'Gave up: too many attempts (the worker stopped during earlier attempts).');
      continue;
    }
    const reason = filterReason(row.payload, rt.consent) ?? rt.sender.unsupported(row.payload, rt.config);
    if (reason) {
      settle(row, 'filtered', reason);
      continue;
    }
    const list = groups.get(rt.id) ?? [];
    list.push(row);
    groups.set(rt.id, list);
  }

  // Sender calls: batching senders get chunks of maxBatch, all under one concurrency limit.
  const calls: { rt: DestinationRuntime; chunk: ClaimedDelivery[] }[] = [];
  for (const [id, list] of groups) {
    const rt = runtimes.get(id)!;
    const size = rt.sender!.maxBatch(rt.config);
    for (let i = 0; i < list.length; i += size) calls.push({ rt, chunk: list.slice(i, i + size) });
  }
  const now = () => Date.now();
  /** One send (or Insert Function) result as the delivery's new state and an attempt row. */
  const finish = (row: ClaimedDelivery, r: SendResult, started: number, durationMs: number, json: string | null) => {
    // The stored payload is the protected Segment message the sender mapped from,
    // so the details view can mask it the same way for every destination type.
    const common = {
      lastStatus: r.status ?? null,
      payloadJson: json !== null && (cfg.storePayload === 'all' || r.outcome !== 'delivered') ? json : null,
    };
    let status: DeliveryResult['status'];
    let error: string | null = null;
    let retryInMs: number | null = null;
    if (r.outcome === 'delivered') status = 'delivered';
    else if (r.outcome === 'failed' || r.outcome === 'filtered') {
      status = r.outcome;
      error = r.error ?? (r.outcome === 'failed' ? 'Failed.' : 'Filtered.');
    } else {
      const delay = retryDelayMs(row.attempts, cfg, r.retryAfterMs);
      status = retryOrDead(row.attempts, row.ageFrom, delay, cfg);
      error =
        status === 'dead' ? `Gave up after ${row.attempts} attempts: ${r.error ?? 'error'}` : (r.error ?? 'Retrying.');
      retryInMs = status === 'retrying' ? delay : null;
    }
    // The attempt's outcome is what it led to, so the delivery chart can count dead letters.
    attempts.push({
      workspaceId: row.workspaceId,
      deliveryId: row.id,
      destinationId: row.destinationId,
      startedAt: new Date(started).toISOString(),
      durationMs,
      statusCode: r.status ?? null,
      outcome: status,
      error: cap(r.error),
      ...(r.functionLog ? { functionLog: r.functionLog } : {}),
    });
    settle(row, status, error, { ...common, retryInMs });
  };

  // The chosen fields cover what the workspace's classifier maps to them now (synonyms added
  // since the fields were saved included): bound once per destination for the whole batch, not
  // per chunk (a one-event-per-request sender has as many chunks as events).
  const covered = new Map<string, CompiledPolicy | null | Error>();
  await Promise.all(
    [...groups.keys()].map(async (id) => {
      try {
        covered.set(id, await coveredPolicy(runtimes.get(id)!));
      } catch (e) {
        covered.set(id, e instanceof Error ? e : new Error(String(e)));
      }
    }),
  );

  await pool(calls, cfg.concurrency, async (call) => {
    const { rt } = call;
    const started = now();
    // The Insert Function first (after consent, before protection): it may change
    // the event, drop it (filtered) or fail it, and its log goes on the attempt.
    const inserted = new Map<ClaimedDelivery, FunctionLog>();
    if (rt.insert) {
      const insert = rt.insert;
      const runs = await runBoundMany(
        insert,
        call.chunk.map((row) => row.payload!),
      );
      call.chunk.forEach((row, i) => {
        const out = insertOutcomeOf(insert, runs[i]!);
        if (out.kind === 'event') {
          row.payload = out.event;
          inserted.set(row, out.log);
        } else {
          finish(row, out.result, started, now() - started, null);
          row.payload = null;
        }
      });
    }
    const policy = covered.get(rt.id);
    if (policy instanceof Error || policy === undefined) {
      // Fail closed: without the classifier the covered keys are unknown, so nothing is sent yet.
      for (const row of call.chunk)
        if (row.payload) {
          finish(row, { outcome: 'retry', error: 'Protection settings could not be loaded.' }, started, 0, null);
          row.payload = null;
        }
      call.chunk = [];
      return;
    }
    // Protection happens per chunk, just before sending, so only the chunks in flight
    // hold protected copies (memory), and RSA work overlaps other chunks' network waits.
    const ready: { row: ClaimedDelivery; item: OutboundItem }[] = [];
    for (const row of call.chunk) {
      if (!row.payload) continue;
      try {
        const event: ProtectedEvent = policy ? applyProtection(row.payload, policy, normalizeKey).event : row.payload;
        ready.push({
          row,
          item: { deliveryId: row.id, messageId: row.messageId!, event, json: JSON.stringify(event) },
        });
      } catch (e) {
        // Fail closed: an event that cannot be protected is never sent.
        settle(row, 'failed', `Protection failed: ${e instanceof Error ? e.message : 'unknown error'}`);
      }
      row.payload = null;
    }
    call.chunk = [];
    if (ready.length === 0) return;
    const sendStarted = now();
    let sent: SendResult[];
    try {
      sent = await rt.sender!.send(
        rt.config,
        ready.map((p) => p.item),
      );
    } catch (e) {
      sent = ready.map(() => ({
        outcome: 'retry' as const,
        error: `Sender error (${e instanceof Error ? e.name : 'unknown'}).`,
      }));
    }
    const durationMs = now() - (inserted.size ? started : sendStarted);
    ready.forEach(({ row, item }, i) => {
      const r = sent[i] ?? { outcome: 'retry' as const, error: 'No result from sender.' };
      const insertLog = inserted.get(row);
      finish(
        row,
        insertLog && !r.functionLog ? { ...r, functionLog: insertLog } : r,
        inserted.size ? started : sendStarted,
        durationMs,
        item.json,
      );
    });
  });
  return { results, attempts };
}
