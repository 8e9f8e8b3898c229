import { NextResponse } from 'next/server';
import { z } from 'zod';
import { endBrowserSession } from '@/lib/server/sessions/logout';
import { parseBody, publicRoute } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { okResponse } from '@/lib/schemas/common';

const body = z.object({ reason: z.enum(['signed_out', 'idle']).default('signed_out') });

/** Always clears the cookie, even when the session had already ended. Same-origin only, like every mutation. */
export const POST = publicRoute(
  async (req, meta) => {
    const { reason } = await parseBody(req, body);
    const cleared = await endBrowserSession((n) => req.cookies.get(n)?.value, reason, meta);
    const res = NextResponse.json(okResponse.parse({ ok: true }), { headers: { 'Cache-Control': 'no-store' } });
    for (const c of cleared) res.headers.append('Set-Cookie', c);
    return res;
  },
  { audit: audited('auth.signed_out', 'auth.session_timed_out'), csrf: true },
);
