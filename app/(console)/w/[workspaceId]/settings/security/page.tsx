import type { Metadata } from 'next';
import Link from 'next/link';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { PageHeader } from '@/components/ui/page-header';
import { RequireMfaToggle } from '@/components/settings/require-mfa-toggle';
import { HIPAA_IDLE_SECONDS } from '@/lib/sessions/policy';

export const metadata: Metadata = { title: 'Security' };

export default workspacePage(
  { permission: 'settings.read', audit: noAudit('session and MFA policy text') },
  (ctx, { params: { workspaceId } }) => {
    return (
      <>
        <PageHeader title="Security" />
        <section aria-labelledby="sessions-h" className="mb-6 rounded-lg border border-slate-200 bg-white p-6 text-sm">
          <h2 id="sessions-h" className="text-lg font-semibold">
            Sessions
          </h2>
          <p className="mt-2 text-slate-700">
            {ctx.workspace.hipaaEligible
              ? `This workspace is HIPAA eligible: its members are signed out after ${HIPAA_IDLE_SECONDS / 60} minutes of inactivity, in every workspace they use, and every session ends after 12 hours.`
              : 'Sessions end after 12 hours. Once this workspace is HIPAA eligible, its members are signed out after 15 minutes of inactivity.'}
          </p>
        </section>
        <section aria-labelledby="mfa-h" className="rounded-lg border border-slate-200 bg-white p-6 text-sm">
          <h2 id="mfa-h" className="text-lg font-semibold">
            Two-factor authentication
          </h2>
          <p className="mt-2 text-slate-700">
            Your own authenticator app and recovery codes are managed on{' '}
            <Link className="text-brand-700 underline" href="/account/security">
              your account security page
            </Link>
            .
          </p>
          <RequireMfaToggle
            workspaceId={workspaceId}
            initial={ctx.workspace.requireMfa}
            editable={ctx.can('security.manage')}
            eligible={ctx.workspace.hipaaEligible}
          />
        </section>
      </>
    );
  },
);
