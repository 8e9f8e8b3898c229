'use client';
import { useState, type FormEvent } from 'react';
import { apiSend } from '@/lib/api-client';
import { buttonClass, inputClass } from '@/components/ui/dialog';

export function AcceptInviteForm({
  token,
  hasAccount,
  email,
  signedInAs,
}: {
  token: string;
  hasAccount: boolean;
  email: string;
  signedInAs: string | null;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const f = new FormData(e.currentTarget);
    try {
      const r = await apiSend<{ workspaceId: string; newAccount: boolean }>('POST', '/api/invites/accept', {
        token,
        name: f.get('name') ?? undefined,
        password: f.get('password') ?? undefined,
      });
      window.location.assign(r.newAccount ? '/login' : `/w/${r.workspaceId}/overview`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  if (hasAccount && signedInAs !== email) {
    return (
      <p className="mt-4 text-sm">
        Sign in as {email} first, then open this link again.{' '}
        <a className="text-brand-700 underline" href={`/login?next=${encodeURIComponent(`/invite/${token}`)}`}>
          Sign in
        </a>
      </p>
    );
  }
  return (
    <form onSubmit={submit} className="mt-4 space-y-3">
      {!hasAccount && (
        <>
          <div>
            <label htmlFor="name" className="block text-sm font-medium">
              Your name
            </label>
            <input id="name" name="name" required className={inputClass} />
          </div>
          <div>
            <label htmlFor="password" className="block text-sm font-medium">
              Choose a password (at least 12 characters)
            </label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={12}
              required
              className={inputClass}
            />
          </div>
        </>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className={buttonClass.primary}>
        Accept invite
      </button>
    </form>
  );
}
