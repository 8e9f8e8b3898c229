import type { Metadata } from 'next';
import { describeInvite } from '@/lib/server/members/invites';
import { AppError } from '@/lib/server/errors';
import { optionalUser, publicPage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { AcceptInviteForm } from '@/components/session/accept-invite-form';

export const metadata: Metadata = { title: 'Accept invite' };
export const dynamic = 'force-dynamic';

export default publicPage<{ token: string }>(
  { audit: noAudit('invite acceptance form') },
  async ({ params: { token } }) => {
    let invite: Awaited<ReturnType<typeof describeInvite>>;
    try {
      invite = await describeInvite(token);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return (
        <main className="mx-auto max-w-md p-6">
          <h1 className="text-2xl font-semibold">Invite unavailable</h1>
          <p className="mt-2">{e.message}</p>
        </main>
      );
    }
    const signedInAs = (await optionalUser())?.user.email ?? null;
    return (
      <main className="mx-auto max-w-md p-6">
        <h1 className="text-2xl font-semibold">Join {invite.workspaceName}</h1>
        <p className="mt-2 text-sm text-slate-700">
          You were invited as <strong>{invite.role}</strong> ({invite.email}).
        </p>
        <AcceptInviteForm token={token} hasAccount={invite.hasAccount} email={invite.email} signedInAs={signedInAs} />
      </main>
    );
  },
);
