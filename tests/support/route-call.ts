// Calls real route handlers the way Next does: a NextRequest with the signed-in
// user's session cookie (a real Session row), same-origin headers and the
// route params. One session per user is created and reused.
import { NextRequest } from 'next/server';
import { encode } from 'next-auth/jwt';
import { getDb } from '@/lib/server/db';
import { createSession } from '@/lib/server/sessions/sessions';
import { testMeta } from './ctx';

// Any route handler: each declares its own params type (a handler of `{ params: Promise<P> }`
// is assignable here for every P); tests pass the matching object.
export type RouteHandler = (req: NextRequest, args: { params: Promise<never> }) => Promise<Response>;

const cookies = new Map<string, string>();

export async function cookieFor(email: string): Promise<string> {
  const hit = cookies.get(email);
  if (hit) return hit;
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const sid = await createSession(user.id, testMeta, true);
  const jwt = await encode({ token: { sid }, secret: process.env.NEXTAUTH_SECRET as string });
  const cookie = `next-auth.session-token=${jwt}`;
  cookies.set(email, cookie);
  return cookie;
}

export interface CallResult<T = unknown> {
  status: number;
  body: T;
  text: string;
}

export async function callRoute<T = unknown>(
  handler: RouteHandler,
  opts: {
    as: string | null;
    params: Record<string, string>;
    method?: string;
    body?: unknown;
    path?: string;
    /** Replace or add request headers; a null value removes the default one (e.g. `origin: null`). */
    headers?: Record<string, string | null>;
  },
): Promise<CallResult<T>> {
  const headers: Record<string, string> = {
    origin: 'http://localhost',
    host: 'localhost',
    'content-type': 'application/json',
  };
  if (opts.as) headers.cookie = await cookieFor(opts.as);
  for (const [k, v] of Object.entries(opts.headers ?? {})) {
    if (v === null) delete headers[k];
    else headers[k] = v;
  }
  const req = new NextRequest(`http://localhost${opts.path ?? '/api/test'}`, {
    method: opts.method ?? 'GET',
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const res = await handler(req, { params: Promise.resolve(opts.params) as Promise<never> });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body: body as T, text };
}

export const DEMO = {
  owner: 'owner@sunshine-health.example',
  member: 'member@sunshine-health.example',
  compliance: 'compliance@sunshine-health.example',
  otherOwner: 'owner@northwind-clinic.example',
} as const;
