import 'server-only';
import { getDb, type Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';
import { uniqueOr409 } from '@/lib/server/platform/names';
import { DEFAULT_MATCHERS } from '@/lib/privacy/default-matchers';
import { normalizeKey } from '@/lib/privacy/normalize';
import { checkRegex } from '@/lib/privacy/safe-regex';
import { getValuePattern, VALUE_PATTERNS } from '@/lib/privacy/value-patterns';
import {
  MAX_CUSTOM_MATCHERS,
  type CreateMatcherInput,
  type MatcherType,
  type MatchersView,
  type MatcherView,
  type UpdateMatcherInput,
} from '@/lib/schemas/privacy';
import { defaultMatcherByName, ensureDefaultMatchers, isBuiltInName } from '@/lib/server/privacy/defaults';
import { invalidateClassifier } from '@/lib/server/privacy/classifier';

// Detection settings: the 38 built-in matchers (colour and on/off only), up to 100
// custom matchers, and synonyms. Matching is always exact after normalisation or by a
// safety-checked regex; there is no fuzzy ("Similar") matching.

const MATCHER_SELECT = {
  id: true,
  name: true,
  builtIn: true,
  matchOn: true,
  mode: true,
  pattern: true,
  preset: true,
  color: true,
  enabled: true,
  createdAt: true,
  synonyms: { select: { id: true, key: true, normalizedKey: true }, orderBy: { normalizedKey: 'asc' as const } },
} as const;

type MatcherRow = {
  id: string;
  name: string;
  builtIn: boolean;
  matchOn: 'key' | 'value';
  mode: 'exact' | 'regex';
  pattern: string;
  preset: string | null;
  color: 'red' | 'yellow' | 'green';
  enabled: boolean;
  createdAt: Date;
  synonyms: { id: string; key: string; normalizedKey: string }[];
};

const DEFAULT_ORDER = new Map(DEFAULT_MATCHERS.map((m, i) => [m.name, i]));

function view(r: MatcherRow): MatcherView {
  const def = r.builtIn ? defaultMatcherByName(r.name) : undefined;
  return {
    id: r.id,
    name: r.name,
    builtIn: r.builtIn,
    matchOn: r.matchOn,
    type: r.preset ? 'preset' : r.mode,
    pattern: r.pattern,
    preset: r.preset,
    color: r.color,
    defaultColor: def?.color ?? null,
    enabled: r.enabled,
    spellings: def ? [...def.patterns] : [],
    synonyms: r.synonyms,
  };
}

/** What the audit row says about a matcher. A value-exact pattern is a literal value: it is not logged. */
function auditSpec(r: Pick<MatcherRow, 'name' | 'matchOn' | 'mode' | 'pattern' | 'preset' | 'color' | 'enabled'>) {
  const literal = r.matchOn === 'value' && r.mode === 'exact' && !r.preset;
  return {
    name: r.name,
    matchOn: r.matchOn,
    type: r.preset ? 'preset' : r.mode,
    pattern: literal ? '(literal value, not logged)' : r.pattern,
    preset: r.preset,
    color: r.color,
    enabled: r.enabled,
  };
}

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', message, { fields: [{ path, message }] });
}

/** Turns the form's (matchOn, type, pattern, preset) into the stored (mode, pattern, preset), or a clear 400. */
export function resolveSpec(s: {
  matchOn: 'key' | 'value';
  type: MatcherType;
  pattern?: string;
  preset?: string | null;
}): { mode: 'exact' | 'regex'; pattern: string; preset: string | null } {
  if (s.type === 'preset') {
    if (s.matchOn !== 'value') throw invalid('type', 'Ready-made patterns match values: set "Match on" to Value.');
    const p = s.preset ? getValuePattern(s.preset) : undefined;
    if (!p)
      throw invalid('preset', `Unknown value pattern. Choose one of: ${VALUE_PATTERNS.map((v) => v.id).join(', ')}.`);
    return { mode: 'exact', pattern: p.id, preset: p.id };
  }
  const pattern = s.pattern ?? '';
  if (pattern.trim() === '') throw invalid('pattern', 'Pattern is required.');
  if (s.type === 'regex') {
    const check = checkRegex(pattern);
    if (!check.ok) throw invalid('pattern', `Regular expression rejected: ${check.reason}.`);
    return { mode: 'regex', pattern, preset: null };
  }
  if (s.matchOn === 'key' && normalizeKey(pattern) === '')
    throw invalid('pattern', 'A key pattern needs at least one letter or digit.');
  return { mode: 'exact', pattern: s.matchOn === 'key' ? pattern.trim() : pattern, preset: null };
}

async function loadRows(workspaceId: string): Promise<MatcherRow[]> {
  const db = await getDb();
  const read = () =>
    db.matcher.findMany({ where: { workspaceId }, select: MATCHER_SELECT, orderBy: { createdAt: 'asc' } }) as Promise<
      MatcherRow[]
    >;
  let rows = await read();
  if (rows.filter((r) => r.builtIn).length < DEFAULT_MATCHERS.length) {
    await ensureDefaultMatchers(db, workspaceId);
    rows = await read();
  }
  return rows;
}

export async function listMatchers(ctx: WorkspaceCtx): Promise<MatchersView> {
  const rows = await loadRows(ctx.workspace.id);
  const builtIn = rows
    .filter((r) => r.builtIn)
    .sort((a, b) => (DEFAULT_ORDER.get(a.name) ?? 99) - (DEFAULT_ORDER.get(b.name) ?? 99));
  return {
    builtIn: builtIn.map(view),
    custom: rows.filter((r) => !r.builtIn).map(view),
    limit: MAX_CUSTOM_MATCHERS,
    presets: VALUE_PATTERNS.map((p) => ({ id: p.id, name: p.name, description: p.description })),
  };
}

async function assertNameFree(tx: Tx, workspaceId: string, name: string, exceptId?: string): Promise<void> {
  if (isBuiltInName(name))
    throw new AppError('conflict', `"${name}" is the name of a built-in matcher.`, {
      fields: [{ path: 'name', message: 'Choose another name.' }],
    });
  const clash = await tx.matcher.findFirst({
    where: { workspaceId, name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash)
    throw new AppError('conflict', `A matcher named "${name}" already exists.`, {
      fields: [{ path: 'name', message: 'Choose another name.' }],
    });
}

async function findMatcher(tx: Tx, workspaceId: string, id: string): Promise<MatcherRow> {
  const row = (await tx.matcher.findFirst({ where: { id, workspaceId }, select: MATCHER_SELECT })) as MatcherRow | null;
  if (!row) throw new AppError('not_found', 'Matcher not found.');
  return row;
}

export async function createMatcher(ctx: WorkspaceCtx, input: CreateMatcherInput): Promise<MatcherView> {
  const spec = resolveSpec(input);
  const workspaceId = ctx.workspace.id;
  const out = await auditedChange(ctx, 'privacy.matcher_created', async (tx, audit) => {
    // Serialise matcher creation per workspace so two concurrent requests cannot both
    // pass the limit check (the lock is released at commit).
    await tx.$queryRaw`SELECT id FROM "Workspace" WHERE id = ${workspaceId}::uuid FOR UPDATE`;
    await ensureDefaultMatchers(tx, workspaceId);
    const custom = await tx.matcher.count({ where: { workspaceId, builtIn: false } });
    if (custom >= MAX_CUSTOM_MATCHERS) {
      throw new AppError(
        'conflict',
        `This workspace already has ${MAX_CUSTOM_MATCHERS} custom matchers, the maximum. Delete one to add another.`,
      );
    }
    await assertNameFree(tx, workspaceId, input.name);
    const created = await uniqueOr409('That matcher name', () =>
      tx.matcher.create({
        data: {
          workspaceId,
          name: input.name,
          builtIn: false,
          matchOn: input.matchOn,
          ...spec,
          color: input.color,
          enabled: true,
        },
        select: { id: true },
      }),
    );
    const row = await findMatcher(tx, workspaceId, created.id);
    audit.record({ target: { type: 'matcher', id: row.id }, changes: auditSpec(row) });
    return row;
  });
  invalidateClassifier(workspaceId);
  return view(out);
}

export async function updateMatcher(
  ctx: WorkspaceCtx,
  matcherId: string,
  input: UpdateMatcherInput,
): Promise<MatcherView> {
  const workspaceId = ctx.workspace.id;
  const out = await auditedChange(ctx, 'privacy.matcher_modified', async (tx, audit) => {
    const before = await findMatcher(tx, workspaceId, matcherId);
    let next: Pick<MatcherRow, 'name' | 'matchOn' | 'mode' | 'pattern' | 'preset' | 'color' | 'enabled'>;
    if (before.builtIn) {
      const { color, enabled, ...rest } = input;
      if (Object.values(rest).some((v) => v !== undefined)) {
        throw new AppError('validation_failed', 'Built-in matchers can only change colour or be turned on or off.');
      }
      next = {
        name: before.name,
        matchOn: before.matchOn,
        mode: before.mode,
        pattern: before.pattern,
        preset: before.preset,
        color: color ?? before.color,
        enabled: enabled ?? before.enabled,
      };
    } else {
      if (input.color === 'green') throw invalid('color', 'Custom matchers are Red or Yellow.');
      const matchOn = input.matchOn ?? before.matchOn;
      const type: MatcherType = input.type ?? (before.preset ? 'preset' : before.mode);
      const specChanged =
        input.matchOn !== undefined ||
        input.type !== undefined ||
        input.pattern !== undefined ||
        input.preset !== undefined;
      const spec = specChanged
        ? resolveSpec({
            matchOn,
            type,
            pattern: input.pattern ?? (before.preset ? undefined : before.pattern),
            preset: input.preset ?? before.preset,
          })
        : { mode: before.mode, pattern: before.pattern, preset: before.preset };
      const name = input.name ?? before.name;
      if (name.toLowerCase() !== before.name.toLowerCase()) await assertNameFree(tx, workspaceId, name, matcherId);
      next = { name, matchOn, ...spec, color: input.color ?? before.color, enabled: input.enabled ?? before.enabled };
    }
    const keys = ['name', 'matchOn', 'mode', 'pattern', 'preset', 'color', 'enabled'] as const;
    if (keys.every((k) => next[k] === before[k])) return { row: before, changed: false };
    await uniqueOr409('That matcher name', () =>
      tx.matcher.updateMany({ where: { id: matcherId, workspaceId }, data: next }),
    );
    // A key matcher that starts matching values keeps no key synonyms (they would silently stop working).
    if (before.matchOn === 'key' && next.matchOn === 'value')
      await tx.synonym.deleteMany({ where: { workspaceId, matcherId } });
    const row = await findMatcher(tx, workspaceId, matcherId);
    audit.record({
      target: { type: 'matcher', id: matcherId },
      changes: { builtIn: before.builtIn, before: auditSpec(before), after: auditSpec(row) },
    });
    return { row, changed: true };
  });
  if (out.changed) invalidateClassifier(workspaceId);
  return view(out.row);
}

export async function deleteMatcher(ctx: WorkspaceCtx, matcherId: string): Promise<void> {
  const workspaceId = ctx.workspace.id;
  await auditedChange(ctx, 'privacy.matcher_deleted', async (tx, audit) => {
    const before = await findMatcher(tx, workspaceId, matcherId);
    if (before.builtIn)
      throw new AppError('bad_request', 'Built-in matchers cannot be deleted; turn them off instead.');
    await tx.matcher.deleteMany({ where: { id: matcherId, workspaceId } });
    audit.record({
      target: { type: 'matcher', id: matcherId },
      changes: { ...auditSpec(before), synonymsRemoved: before.synonyms.length },
    });
  });
  invalidateClassifier(workspaceId);
}
