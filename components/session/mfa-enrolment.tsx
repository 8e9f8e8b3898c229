'use client';
import { useState, type FormEvent } from 'react';
import { apiGet, apiSend } from '@/lib/api-client';
import { buttonClass, inputClass } from '@/components/ui/dialog';

export function MfaEnrolment({ next }: { next: string }) {
  const [setup, setSetup] = useState<{ secret: string; qrDataUrl: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function start() {
    setError(null);
    try {
      setSetup(await apiGet('/api/account/mfa'));
    } catch (e) {
      setError((e as Error).message);
    }
  }
  async function confirm(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '');
    try {
      const r = await apiSend<{ recoveryCodes: string[] }>('POST', '/api/account/mfa', { secret: setup!.secret, code });
      setCodes(r.recoveryCodes);
      setSetup(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  if (codes) {
    return (
      <div className="mt-3 text-sm">
        <p className="font-semibold text-brand-800">Two-factor authentication is on.</p>
        <p className="mt-2">Store these recovery codes somewhere safe. Each works once. They are shown only now.</p>
        <ul aria-label="Recovery codes" className="mt-2 grid grid-cols-2 gap-1 font-mono">
          {codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <a href={next} className={`${buttonClass.primary} mt-4 inline-block`}>
          Continue
        </a>
      </div>
    );
  }
  return (
    <div className="mt-3 text-sm">
      {!setup ? (
        <button type="button" className={buttonClass.primary} onClick={() => void start()}>
          Set up authenticator app
        </button>
      ) : (
        <form onSubmit={confirm} className="space-y-3">
          <p>Scan this QR code with your authenticator app, or enter the key by hand.</p>
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={setup.qrDataUrl} alt="QR code for your authenticator app" width={200} height={200} />
          <p>
            Key: <code className="break-all">{setup.secret}</code>
          </p>
          <div>
            <label htmlFor="totp-code" className="block font-medium">
              6-digit code from the app
            </label>
            <input
              id="totp-code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              className={inputClass}
            />
          </div>
          <button type="submit" className={buttonClass.primary}>
            Turn on
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="mt-2 text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
