import type { Metadata } from 'next';
import { Suspense } from 'react';
import { publicPage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { LoginForm } from '@/components/session/login-form';
import { safeNextPath } from '@/lib/sessions/safe-next';

export const metadata: Metadata = { title: 'Sign in' };

const REASONS: Record<string, (after: number) => string> = {
  idle: (after) => `You were signed out after ${after} minutes of inactivity.`,
  expired: () => 'Your session reached its 12-hour limit. Sign in again.',
  signed_out: () => 'You have been signed out.',
  removed: () => 'Your access was removed. Sign in again.',
};

export default publicPage({ audit: noAudit('sign-in form') }, ({ searchParams: sp }) => {
  const reason = typeof sp.reason === 'string' ? sp.reason : undefined;
  const after = Number(typeof sp.after === 'string' ? sp.after : 15);
  const notice = reason && REASONS[reason] ? REASONS[reason](Number.isFinite(after) && after > 0 ? after : 15) : null;
  // Checked here and again in the form: only a same-origin path is ever followed.
  const next =
    typeof sp.next === 'string' ? safeNextPath(sp.next, process.env.NEXTAUTH_URL || 'http://localhost') : undefined;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div
            aria-hidden
            className="mx-auto mb-3 flex h-10 w-10 items-center justify-center rounded-lg bg-brand-600 font-bold text-white"
          >
            PC
          </div>
          <h1 className="text-2xl font-semibold">Sign in to Privacy Console</h1>
        </div>
        {notice && (
          <p role="status" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            {notice}
          </p>
        )}
        <Suspense>
          <LoginForm next={next} />
        </Suspense>
      </div>
    </main>
  );
});
