import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import { describeInvite } from '@/lib/server/members/invites';
import { AppError } from '@/lib/server/errors';
import { optionalSessionFromCookies } from '@/lib/server/sessions/current';
import { metaFromHeaders } from '@/lib/server/platform/request-meta';
import { AcceptInviteForm } from '@/components/session/accept-invite-form';

export const metadata: Metadata = { title: 'Accept invite' };
export const dynamic = 'force-dynamic';

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invite: Awaited<ReturnType<typeof describeInvite>>;
  try {
    invite = await describeInvite(token);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return <main className="mx-auto max-w-md p-6"><h1 className="text-2xl font-semibold">Invite unavailable</h1><p className="mt-2">{e.message}</p></main>;
  }
  const jar = await cookies();
  const session = await optionalSessionFromCookies((n) => jar.get(n)?.value, metaFromHeaders(await headers()), true);
  const signedInAs = session?.user.email ?? null;
  return (
    <main className="mx-auto max-w-md p-6">
      <h1 className="text-2xl font-semibold">Join {invite.workspaceName}</h1>
      <p className="mt-2 text-sm text-slate-700">You were invited as <strong>{invite.role}</strong> ({invite.email}).</p>
      <AcceptInviteForm token={token} hasAccount={invite.hasAccount} email={invite.email} signedInAs={signedInAs} />
    </main>
  );
}
