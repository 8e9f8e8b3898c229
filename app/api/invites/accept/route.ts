import { type NextRequest } from 'next/server';
import { acceptInvite } from '@/lib/server/members/invites';
import { acceptInviteInput } from '@/lib/schemas/members';
import { errorResponse, json, parseBody } from '@/lib/server/http';
import { metaFromHeaders } from '@/lib/server/platform/request-meta';
import { sessionTokenFromCookies } from '@/lib/server/sessions/cookie';
import { validateSession } from '@/lib/server/sessions/sessions';

/** Public: a new person accepts with name + password; an existing account must be signed in. */
export async function POST(req: NextRequest) {
  const meta = metaFromHeaders(req.headers);
  try {
    const input = await parseBody(req, acceptInviteInput);
    const token = await sessionTokenFromCookies((n) => req.cookies.get(n)?.value);
    const session = token ? await validateSession(token, meta, true).catch(() => null) : null;
    const r = await acceptInvite(input.token, { signedInUserId: session?.user.id, name: input.name, password: input.password }, meta);
    return json(r, { status: 201 });
  } catch (e) {
    return errorResponse(e, meta);
  }
}
