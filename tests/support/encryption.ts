// Shared setup for the encryption / hashing / preview integration tests: the
// route handlers, a destination per test group, and key pairs made the way the
// browser makes them (the private half stays in the test, as in a browser tab).
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { callRoute, type CallResult } from '@/tests/support/route-call';
import { makeKeyPair, type TestKeyPair } from '@/tests/support/crypto-keys';
import {
  DELETE as encDelete,
  GET as encGet,
  PUT as encPut,
} from '@/app/api/workspaces/[workspaceId]/destinations/[destinationId]/encryption/route';
import {
  DELETE as hashDelete,
  PUT as hashPut,
} from '@/app/api/workspaces/[workspaceId]/destinations/[destinationId]/hashing/route';
import { POST as rotatePost } from '@/app/api/workspaces/[workspaceId]/destinations/[destinationId]/hashing/secret/route';
import { POST as previewPost } from '@/app/api/workspaces/[workspaceId]/destinations/[destinationId]/preview/route';

export type Err = {
  error: { code: string; message: string; details?: { fields?: { path: string; message: string }[] } };
};

export async function makeDestination(
  prisma: PrismaClient,
  workspaceId: string,
  over: { catalogId?: string; consentCategories?: string[]; baaOverride?: boolean | null } = {},
): Promise<{ id: string; sourceId: string }> {
  const source = await prisma.source.findFirstOrThrow({ where: { workspaceId } });
  const d = await prisma.destination.create({
    data: {
      workspaceId,
      sourceId: source.id,
      catalogId: over.catalogId ?? 'webhook',
      name: `Dest ${randomUUID().slice(0, 8)}`,
      consentCategories: over.consentCategories ?? [],
      baaOverride: over.baaOverride ?? null,
    },
  });
  return { id: d.id, sourceId: source.id };
}

const keyCache = new Map<number, TestKeyPair[]>();
/** Fresh 2048-bit pairs are slow-ish to make; tests that need distinct keys ask by index. */
export function keyPair(i: number, bits = 2048): TestKeyPair {
  const list = keyCache.get(bits) ?? [];
  while (list.length <= i) list.push(makeKeyPair(bits));
  keyCache.set(bits, list);
  return list[i];
}

export const generated = (kp: TestKeyPair) => ({
  pem: kp.publicPem,
  origin: 'generated' as const,
  fingerprint: kp.imported.fingerprint,
});

type Who = string | null;
const params = (ws: string, dest: string) => ({ workspaceId: ws, destinationId: dest });

export const api = {
  view: <T = unknown>(as: Who, ws: string, dest: string): Promise<CallResult<T>> =>
    callRoute<T>(encGet, { as, params: params(ws, dest) }),
  putEncryption: <T = unknown>(as: Who, ws: string, dest: string, body: unknown): Promise<CallResult<T>> =>
    callRoute<T>(encPut, { as, params: params(ws, dest), method: 'PUT', body }),
  disableEncryption: <T = unknown>(as: Who, ws: string, dest: string): Promise<CallResult<T>> =>
    callRoute<T>(encDelete, { as, params: params(ws, dest), method: 'DELETE' }),
  putHashing: <T = unknown>(as: Who, ws: string, dest: string, body: unknown): Promise<CallResult<T>> =>
    callRoute<T>(hashPut, { as, params: params(ws, dest), method: 'PUT', body }),
  disableHashing: <T = unknown>(as: Who, ws: string, dest: string): Promise<CallResult<T>> =>
    callRoute<T>(hashDelete, { as, params: params(ws, dest), method: 'DELETE' }),
  rotate: <T = unknown>(as: Who, ws: string, dest: string): Promise<CallResult<T>> =>
    callRoute<T>(rotatePost, { as, params: params(ws, dest), method: 'POST' }),
  preview: <T = unknown>(as: Who, ws: string, dest: string, body: unknown): Promise<CallResult<T>> =>
    callRoute<T>(previewPost, { as, params: params(ws, dest), method: 'POST', body }),
};

/** A few characters from the middle of a PEM body: enough to recognise it anywhere. */
export function pemBody(pem: string): string {
  return pem
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('');
}
