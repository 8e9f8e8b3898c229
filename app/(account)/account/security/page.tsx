import type { Metadata } from 'next';
import Link from 'next/link';
import { userPage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { getMfaStatus } from '@/lib/server/sessions/mfa-status';
import { MfaSettings } from '@/components/session/mfa-settings';

export const metadata: Metadata = { title: 'Account security' };
export const dynamic = 'force-dynamic';

export default userPage<Record<string, never>, { required?: string }>(
  { audit: noAudit("the signed-in user's own MFA settings") },
  async (ctx, { searchParams }) => {
    const { required } = searchParams;
    const mfa = await getMfaStatus(ctx);
    return (
      <main className="mx-auto max-w-xl p-6">
        <Link href="/" className="text-sm text-brand-700 underline">
          ← Back to the console
        </Link>
        <h1 className="mt-4 text-2xl font-semibold">Account security</h1>
        {required && !ctx.session.mfaVerified && (
          <p role="alert" className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            {mfa.totpEnabledAt
              ? 'This workspace requires two-factor authentication. Sign out and sign in again with your authentication code.'
              : 'This workspace requires two-factor authentication. Set it up below to continue.'}
          </p>
        )}
        <section aria-labelledby="totp-h" className="mt-6 rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="totp-h" className="text-lg font-semibold">
            Authenticator app (TOTP)
          </h2>
          <MfaSettings
            initial={{
              since: mfa.totpEnabledAt?.toISOString().slice(0, 10) ?? null,
              recoveryCodesLeft: mfa.recoveryCodesLeft,
              requiredBy: mfa.requiredBy,
            }}
            next={required ? `/w/${encodeURIComponent(required)}/overview` : '/'}
          />
        </section>
      </main>
    );
  },
);
