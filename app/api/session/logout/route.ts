import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { sessionTokenFromCookies, clearSessionCookieHeaders } from '@/lib/server/sessions/cookie';
import { revokeSessionByToken } from '@/lib/server/sessions/logout';
import { errorResponse, parseBody } from '@/lib/server/http';
import { metaFromHeaders } from '@/lib/server/platform/request-meta';

const body = z.object({ reason: z.enum(['signed_out', 'idle']).default('signed_out') });

/** Always clears the cookie, even when the session had already ended. */
export async function POST(req: NextRequest) {
  const meta = metaFromHeaders(req.headers);
  try {
    const { reason } = await parseBody(req, body);
    const token = await sessionTokenFromCookies((n) => req.cookies.get(n)?.value);
    if (token) await revokeSessionByToken(token, reason, meta);
    const res = NextResponse.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
    for (const c of clearSessionCookieHeaders()) res.headers.append('Set-Cookie', c);
    return res;
  } catch (e) {
    return errorResponse(e, meta);
  }
}
