import 'server-only';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { SessionCtx, WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';
import { HIPAA_PLAN_TIER } from '@/lib/sessions/policy';
import { isUniqueViolation, slugify } from '@/lib/server/platform/names';
import type { BaaStatus, BaaView, RecordBaaInput } from '@/lib/schemas/workspaces';
import { ensureDefaultMatchers } from '@/lib/server/privacy/defaults';

export async function getWorkspaceOverview(ctx: WorkspaceCtx) {
  const db = await getDb();
  const workspaceId = ctx.workspace.id;
  const [sources, destinations, members] = await Promise.all([
    db.source.count({ where: { workspaceId } }),
    db.destination.count({ where: { workspaceId } }),
    db.membership.count({ where: { workspaceId } }),
  ]);
  return { sources, destinations, members };
}

/** The creator becomes the owner. The slug is derived from the name and made unique with a counter. */
export async function createWorkspace(ctx: SessionCtx, input: { name: string }) {
  const db = await getDb();
  const base = slugify(input.name);
  // Up to three attempts: a concurrent create can take the slug between our check and insert.
  for (let attempt = 0; ; attempt++) {
    const taken = new Set(
      (await db.workspace.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map(
        (w) => w.slug,
      ),
    );
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    try {
      return await auditedChange(ctx, 'workspace.created', async (tx, audit) => {
        const ws = await tx.workspace.create({
          data: { name: input.name, slug },
          select: { id: true, name: true, slug: true },
        });
        await tx.membership.create({ data: { workspaceId: ws.id, userId: ctx.user.id, role: 'owner' } });
        // The 38 default PII matchers, on from the start (Privacy Portal › Detection).
        await ensureDefaultMatchers(tx, ws.id);
        // The context has no workspace yet: the row goes to the new workspace's chain.
        audit.record({
          target: { type: 'workspace', id: ws.id },
          workspaceId: ws.id,
          changes: { name: ws.name, slug: ws.slug },
        });
        return ws;
      });
    } catch (e) {
      if (attempt < 2 && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

/** The slug stays as it was: links and bookmarks keep working after a rename. */
export async function renameWorkspace(ctx: WorkspaceCtx, input: { name: string }) {
  return auditedChange(ctx, 'workspace.renamed', async (tx, audit) => {
    const before = await tx.workspace.findUnique({ where: { id: ctx.workspace.id }, select: { name: true } });
    if (!before) throw new AppError('not_found', 'Workspace not found.');
    if (before.name === input.name) return { id: ctx.workspace.id, name: before.name, slug: ctx.workspace.slug };
    const ws = await tx.workspace.update({
      where: { id: ctx.workspace.id },
      data: { name: input.name },
      select: { id: true, name: true, slug: true },
    });
    audit.diff({ target: { type: 'workspace', id: ws.id }, before, after: ws, fields: ['name'] });
    return ws;
  });
}

const BAA_SELECT = {
  id: true,
  signedAt: true,
  signatory: true,
  planTier: true,
  recordedAt: true,
  revokedAt: true,
} as const;

// The view types are the response schemas' (lib/schemas/workspaces.ts): what a route may send.
export type { BaaStatus, BaaView };

function baaView(b: {
  id: string;
  signedAt: Date;
  signatory: string;
  planTier: string;
  recordedAt: Date;
  revokedAt: Date | null;
}): BaaView {
  return {
    id: b.id,
    signedAt: b.signedAt.toISOString().slice(0, 10),
    signatory: b.signatory,
    planTier: b.planTier,
    recordedAt: b.recordedAt.toISOString(),
    revokedAt: b.revokedAt?.toISOString() ?? null,
  };
}

/** What stands between a workspace and the HIPAA-eligible badge, in plain words. */
export function eligibilityGaps(baa: { planTier: string } | null): string[] {
  if (!baa) return ['No Business Associate Addendum (BAA) is on record.'];
  if (baa.planTier !== HIPAA_PLAN_TIER)
    return [`The BAA is on the ${baa.planTier} plan; the Business plan is required.`];
  return [];
}

export async function getBaaStatus(workspaceId: string): Promise<BaaStatus> {
  const db = await getDb();
  const rows = await db.baa.findMany({
    where: { workspaceId },
    orderBy: { recordedAt: 'desc' },
    select: BAA_SELECT,
    take: 20,
  });
  const history = rows.map(baaView);
  const active = history.find((b) => !b.revokedAt) ?? null;
  const gaps = eligibilityGaps(active);
  const latest = history[0] ?? null;
  return { eligible: gaps.length === 0, active, gaps, revoked: !active && latest?.revokedAt ? latest : null, history };
}

/**
 * Records a signed BAA. A workspace has at most one active BAA: recording a new
 * one (say, after upgrading to Business) supersedes the previous one.
 */
export async function recordBaa(ctx: WorkspaceCtx, input: RecordBaaInput): Promise<BaaStatus> {
  await auditedChange(ctx, 'workspace.baa_recorded', async (tx, audit) => {
    const now = new Date();
    const prev = await tx.baa.findMany({
      where: { workspaceId: ctx.workspace.id, revokedAt: null },
      select: { id: true },
    });
    if (prev.length)
      await tx.baa.updateMany({
        where: { workspaceId: ctx.workspace.id, revokedAt: null },
        data: { revokedAt: now, revokedById: ctx.user.id },
      });
    const baa = await tx.baa.create({
      data: {
        workspaceId: ctx.workspace.id,
        signedAt: new Date(`${input.signedAt}T00:00:00Z`),
        signatory: input.signatory,
        planTier: input.planTier,
        recordedById: ctx.user.id,
      },
      select: { id: true },
    });
    audit.record({
      target: { type: 'baa', id: baa.id },
      changes: {
        signedAt: input.signedAt,
        signatory: input.signatory,
        planTier: input.planTier,
        hipaaEligible: input.planTier === HIPAA_PLAN_TIER,
        superseded: prev.map((p) => p.id),
      },
    });
  });
  return getBaaStatus(ctx.workspace.id);
}

export async function revokeBaa(ctx: WorkspaceCtx): Promise<BaaStatus> {
  await auditedChange(ctx, 'workspace.baa_revoked', async (tx, audit) => {
    const active = await tx.baa.findFirst({
      where: { workspaceId: ctx.workspace.id, revokedAt: null },
      orderBy: { recordedAt: 'desc' },
      select: BAA_SELECT,
    });
    if (!active) throw new AppError('not_found', 'There is no active BAA to revoke.');
    await tx.baa.updateMany({
      where: { workspaceId: ctx.workspace.id, revokedAt: null },
      data: { revokedAt: new Date(), revokedById: ctx.user.id },
    });
    audit.record({
      target: { type: 'baa', id: active.id },
      changes: { signatory: active.signatory, planTier: active.planTier, hipaaEligible: false },
    });
  });
  return getBaaStatus(ctx.workspace.id);
}
