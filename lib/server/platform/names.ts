import 'server-only';
import { AppError } from '@/lib/server/errors';

/** Prisma's unique-constraint violation (also raised through the pg and PGlite driver adapters). */
export function isUniqueViolation(e: unknown): boolean {
  const o = e as { code?: unknown; cause?: { code?: unknown } } | null;
  return o?.code === 'P2002' || o?.code === '23505' || o?.cause?.code === '23505';
}

/** Runs a write whose unique index can lose a race with a concurrent one; turns the loss into a 409. */
export async function uniqueOr409<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError('conflict', `${what} is already taken in this workspace.`, {
        fields: [{ path: 'name', message: `${what} is already taken.` }],
      });
    throw e;
  }
}

/** Lower-case ASCII slug for URLs: "Sunshine Health (East)" → "sunshine-health-east". */
export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
  return s || 'workspace';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (id: string): boolean => UUID.test(id);

/** Route ids that are not UUIDs can never exist; answer 404 before the database rejects the cast. */
export function idOr404(id: string, what: string): string {
  if (!UUID.test(id)) throw new AppError('not_found', `${what} not found.`);
  return id;
}
