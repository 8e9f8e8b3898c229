'use client';
import { signIn } from 'next-auth/react';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { safeNextPath } from '@/lib/sessions/safe-next';

const MESSAGES: Record<string, string> = {
  invalid: 'Email or password is incorrect.',
  locked: 'Too many failed attempts. This account is locked for 15 minutes.',
  rate_limited: 'Too many sign-in attempts from your network. Try again later.',
  mfa_required: 'Enter the 6-digit code from your authenticator app.',
  mfa_invalid: 'That code is not valid. Try again or use a recovery code.',
};

/** `next`: where to go after signing in, already checked by the page (checked again here). */
export function LoginForm({ next }: { next?: string }) {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [needCode, setNeedCode] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    const res = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      code: String(form.get('code') ?? ''),
      redirect: false,
    }).catch(() => null);
    setBusy(false);
    if (res?.ok && !res.error) {
      window.localStorage.setItem('pc.session.lastActivity', String(Date.now()));
      // Only a same-origin path, parsed as the browser parses it (a backslash or a tab
      // in `next` would otherwise leave the site).
      router.replace(safeNextPath(next ?? params.get('next'), window.location.origin));
      router.refresh();
      return;
    }
    const code = res?.error ?? 'unavailable';
    if (code === 'mfa_required') setNeedCode(true);
    setError(MESSAGES[code] ?? 'Sign-in is unavailable right now. Try again shortly.');
  }

  return (
    <form
      onSubmit={onSubmit}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      noValidate
    >
      <div>
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2"
        />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2"
        />
      </div>
      {needCode && (
        <div>
          <label htmlFor="code" className="block text-sm font-medium">
            Authentication code
          </label>
          <input
            id="code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="w-full rounded-md bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
