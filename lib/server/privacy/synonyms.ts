import 'server-only';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';
import { uniqueOr409 } from '@/lib/server/platform/names';
import { DEFAULT_MATCHERS } from '@/lib/privacy/default-matchers';
import { normalizeKey } from '@/lib/privacy/normalize';
import { MAX_SYNONYMS, type SynonymView } from '@/lib/schemas/privacy';
import { invalidateClassifier } from '@/lib/server/privacy/classifier';

// Synonyms: extra keys for a KEY matcher (`patient_email` → Email). Stored and
// matched by their normalised form, exactly. A spelling already matched by a matcher
// (a built-in's own spellings, a custom exact key, another synonym) is refused with
// 409, so one key never has two competing answers.

const BUILT_IN_SPELLINGS = new Map<string, string>(
  DEFAULT_MATCHERS.flatMap((m) => m.patterns.map((p) => [p, m.name] as const)),
);

export type { SynonymView };

export async function createSynonym(
  ctx: WorkspaceCtx,
  input: { matcherId: string; key: string },
): Promise<SynonymView> {
  const normalized = normalizeKey(input.key);
  if (normalized === '')
    throw new AppError('validation_failed', 'A synonym needs at least one letter or digit.', {
      fields: [{ path: 'key', message: 'Enter a key such as patient_email.' }],
    });
  const workspaceId = ctx.workspace.id;
  const out = await auditedChange(ctx, 'privacy.synonym_created', async (tx, audit) => {
    const matcher = await tx.matcher.findFirst({
      where: { id: input.matcherId, workspaceId },
      select: { id: true, name: true, matchOn: true },
    });
    if (!matcher) throw new AppError('not_found', 'Matcher not found.');
    if (matcher.matchOn !== 'key')
      throw new AppError(
        'validation_failed',
        `Synonyms are extra keys for key matchers; "${matcher.name}" matches values.`,
      );
    const builtIn = BUILT_IN_SPELLINGS.get(normalized);
    if (builtIn)
      throw new AppError('conflict', `"${normalized}" is already matched by the built-in matcher ${builtIn}.`);
    const [existing, exactKeys, count] = await Promise.all([
      tx.synonym.findFirst({
        where: { workspaceId, normalizedKey: normalized },
        select: { matcher: { select: { name: true } } },
      }),
      tx.matcher.findMany({
        where: { workspaceId, builtIn: false, matchOn: 'key', mode: 'exact' },
        select: { name: true, pattern: true },
      }),
      tx.synonym.count({ where: { workspaceId } }),
    ]);
    if (existing) throw new AppError('conflict', `"${normalized}" is already a synonym of ${existing.matcher.name}.`);
    const exact = exactKeys.find((m) => normalizeKey(m.pattern) === normalized);
    if (exact)
      throw new AppError('conflict', `"${normalized}" is already matched by the custom matcher ${exact.name}.`);
    if (count >= MAX_SYNONYMS)
      throw new AppError('conflict', `This workspace already has ${MAX_SYNONYMS} synonyms, the maximum.`);
    const row = await uniqueOr409('That synonym', () =>
      tx.synonym.create({
        data: { workspaceId, matcherId: matcher.id, key: input.key, normalizedKey: normalized },
        select: { id: true, matcherId: true, key: true, normalizedKey: true },
      }),
    );
    audit.record({
      target: { type: 'matcher', id: matcher.id },
      changes: { matcher: matcher.name, synonym: row.key, normalizedKey: row.normalizedKey },
    });
    return row;
  });
  invalidateClassifier(workspaceId);
  return out;
}

export async function deleteSynonym(ctx: WorkspaceCtx, synonymId: string): Promise<void> {
  const workspaceId = ctx.workspace.id;
  await auditedChange(ctx, 'privacy.synonym_deleted', async (tx, audit) => {
    const row = await tx.synonym.findFirst({
      where: { id: synonymId, workspaceId },
      select: { id: true, key: true, normalizedKey: true, matcher: { select: { id: true, name: true } } },
    });
    if (!row) throw new AppError('not_found', 'Synonym not found.');
    await tx.synonym.deleteMany({ where: { id: synonymId, workspaceId } });
    audit.record({
      target: { type: 'matcher', id: row.matcher.id },
      changes: { matcher: row.matcher.name, synonym: row.key, normalizedKey: row.normalizedKey },
    });
  });
  invalidateClassifier(workspaceId);
}
