// Drives the delivery worker deterministically in tests: claim → deliver →
// record until the queue is empty (or settled), with fast backoff.
import { randomUUID } from 'node:crypto';
import { getDb } from '@/lib/server/db';
import { workerConfig, type WorkerConfig } from '@/lib/server/delivery/config';
import { DeliveryWorker } from '@/lib/server/delivery/worker';
import { loadWorkspaceCtx } from '@/lib/server/context/workspace';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { sessionCtxFor } from './ctx';
import type { Role } from '@/lib/permissions';

export function testWorkerConfig(over: Partial<WorkerConfig> = {}): WorkerConfig {
  return {
    ...workerConfig(),
    batchSize: 100,
    concurrency: 16,
    pollMs: 20,
    backoffBaseMs: 20,
    backoffMaxMs: 200,
    ...over,
  };
}

const ACTIVE = ['pending', 'delivering', 'retrying'] as const;

/**
 * Runs a worker until nothing is due. With untilSettled, keeps going until no
 * delivery is pending, delivering or retrying (waiting out backoff and locks).
 */
export async function drain(
  opts: { untilSettled?: boolean; cfg?: Partial<WorkerConfig>; timeoutMs?: number } = {},
): Promise<DeliveryWorker> {
  const worker = new DeliveryWorker(testWorkerConfig(opts.cfg));
  const db = await getDb();
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  for (;;) {
    while ((await worker.runOnce()) > 0) {
      /* keep claiming */
    }
    if (!opts.untilSettled) return worker;
    const active = await db.delivery.count({ where: { status: { in: [...ACTIVE] } } });
    if (active === 0) return worker;
    if (Date.now() > deadline) throw new Error(`queue did not settle: ${active} deliveries still active`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A real member of the workspace with a real session, for server functions that take a ctx. */
export async function ctxForWorkspace(workspaceId: string, role: Role, piiAccess = false): Promise<WorkspaceCtx> {
  const db = await getDb();
  const email = `${role}-${randomUUID().slice(0, 8)}@pipeline.example`;
  const user = await db.user.create({ data: { email, name: `Test ${role}`, passwordHash: 'x' } });
  await db.membership.create({ data: { workspaceId, userId: user.id, role, piiAccess } });
  return loadWorkspaceCtx(await sessionCtxFor(email), workspaceId);
}
