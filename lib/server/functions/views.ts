import 'server-only';
import { z } from 'zod';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Db, Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { settingsOf } from '@/lib/server/functions/deployed';
import {
  syntaxError,
  type FunctionListItem,
  type FunctionVersionSummary,
  type FunctionVersionView,
  type FunctionView,
} from '@/lib/schemas/functions';

// The rows behind the Functions API and the views built from them. Every query
// takes the workspace id: a function, version or destination of another
// workspace is never counted, listed or returned.

export const functionTarget = (id: string) => ({ type: 'function', id });

export const notFoundFunction = () => new AppError('not_found', 'Function not found.');

/** The list item's columns; connections are counted inside this workspace only. */
export const functionRowSelect = (workspaceId: string) =>
  ({
    id: true,
    kind: true,
    name: true,
    description: true,
    logo: true,
    deployedAt: true,
    createdAt: true,
    updatedAt: true,
    deployedVersionId: true,
    deployedVersion: { select: { number: true, settingsSchema: true } },
    _count: {
      select: { destinations: { where: { workspaceId } }, insertDestinations: { where: { workspaceId } } },
    },
  }) satisfies Prisma.UserFunctionSelect;

type FunctionRow = Prisma.UserFunctionGetPayload<{ select: ReturnType<typeof functionRowSelect> }>;

export function listItemOf(f: FunctionRow): FunctionListItem {
  return {
    id: f.id,
    kind: f.kind,
    name: f.name,
    description: f.description,
    logo: f.logo,
    deployedVersion: f.deployedVersion?.number ?? null,
    deployedAt: f.deployedAt?.toISOString() ?? null,
    connections: f._count.destinations + f._count.insertDestinations,
    updatedAt: f.updatedAt.toISOString(),
    settings: settingsOf(f.deployedVersion?.settingsSchema),
  };
}

/** Stored syntax errors, checked again on the way out (they were produced by the checker). */
export function errorsOf(json: unknown): z.infer<typeof syntaxError>[] {
  const r = z.array(syntaxError).safeParse(json);
  return r.success ? r.data : [];
}

/** A version can be deployed when it compiled and defines at least one handler. */
export const isDeployable = (v: { handlers: string[]; errors: unknown }) =>
  v.handlers.length > 0 && errorsOf(v.errors).length === 0;

const VERSION_SUMMARY_SELECT = {
  id: true,
  number: true,
  createdAt: true,
  authorId: true,
  handlers: true,
  errors: true,
} satisfies Prisma.UserFunctionVersionSelect;
const VERSION_VIEW_SELECT = { ...VERSION_SUMMARY_SELECT, code: true, settingsSchema: true };

type SummaryRow = Prisma.UserFunctionVersionGetPayload<{ select: typeof VERSION_SUMMARY_SELECT }>;
type Author = { id: string; name: string };

async function authorsOf(db: Db | Tx, rows: { authorId: string | null }[]): Promise<Map<string, Author>> {
  const ids = [...new Set(rows.flatMap((r) => (r.authorId ? [r.authorId] : [])))];
  if (!ids.length) return new Map();
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u]));
}

function summaryOf(v: SummaryRow, deployedId: string | null, authors: Map<string, Author>): FunctionVersionSummary {
  return {
    id: v.id,
    number: v.number,
    createdAt: v.createdAt.toISOString(),
    author: (v.authorId && authors.get(v.authorId)) || null,
    deployable: isDeployable(v),
    deployed: v.id === deployedId,
  };
}

/** One version with its code, for the editor and its diff; a version of another function is a 404. */
export async function readVersionView(
  db: Db | Tx,
  workspaceId: string,
  functionId: string,
  versionId: string,
): Promise<FunctionVersionView> {
  const v = await db.userFunctionVersion.findFirst({
    where: { id: versionId, functionId, workspaceId },
    select: { ...VERSION_VIEW_SELECT, function: { select: { deployedVersionId: true } } },
  });
  if (!v) throw new AppError('not_found', 'Version not found.');
  return {
    ...summaryOf(v, v.function.deployedVersionId, await authorsOf(db, [v])),
    code: v.code,
    settings: settingsOf(v.settingsSchema),
    handlers: v.handlers,
    errors: errorsOf(v.errors),
  };
}

const DESTINATION_SELECT = { id: true, name: true, enabled: true, source: { select: { name: true } } } as const;

/** The editor's view: the latest version with its code, every version, and the destinations using it. */
export async function readFunctionView(db: Db | Tx, workspaceId: string, functionId: string): Promise<FunctionView> {
  const using = { where: { workspaceId }, orderBy: { name: 'asc' as const }, select: DESTINATION_SELECT };
  const f = await db.userFunction.findFirst({
    where: { id: functionId, workspaceId },
    select: {
      ...functionRowSelect(workspaceId),
      versions: { where: { workspaceId }, orderBy: { number: 'desc' }, select: VERSION_SUMMARY_SELECT },
      destinations: using,
      insertDestinations: using,
    },
  });
  if (!f) throw notFoundFunction();
  const newest = f.versions[0];
  // Every function is created with its version 1 and versions are never deleted on their own.
  if (!newest) throw new AppError('internal', 'The function has no version.');
  const authors = await authorsOf(db, f.versions);
  const latest = await readVersionView(db, workspaceId, functionId, newest.id);
  return {
    ...listItemOf(f),
    versions: f.versions.map((v) => summaryOf(v, f.deployedVersionId, authors)),
    latest,
    createdAt: f.createdAt.toISOString(),
    destinations: [...f.destinations, ...f.insertDestinations].map((d) => ({
      id: d.id,
      name: d.name,
      enabled: d.enabled,
      sourceName: d.source.name,
    })),
  };
}

/**
 * Locks the function's row for the rest of the transaction, so that two saves
 * cannot both take number N+1 and two deploys cannot both read the same "from".
 */
export async function lockFunction(tx: Tx, workspaceId: string, functionId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "UserFunction" WHERE id = ${functionId}::uuid AND "workspaceId" = ${workspaceId}::uuid FOR UPDATE`;
  if (!rows.length) throw notFoundFunction();
}

/** Names are unique per workspace ignoring case; the unique index is the backstop for a race (uniqueOr409). */
export async function assertFunctionNameFree(tx: Tx, workspaceId: string, name: string, exceptId?: string) {
  const clash = await tx.userFunction.findFirst({
    where: { workspaceId, name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash)
    throw new AppError('conflict', `A function named "${name}" already exists in this workspace.`, {
      fields: [{ path: 'name', message: 'This name is already taken.' }],
    });
}
