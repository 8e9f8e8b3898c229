'use client';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '@/lib/api-client';
import { useMfaMutations, type MfaConfirmed, type MfaSetup } from '@/lib/queries/account';
import type { ReauthRun } from '@/components/session/reauth-dialog';
import { CurrentCodeField } from '@/components/session/current-code-field';
import { buttonClass, inputClass } from '@/components/ui/dialog';

/** Which field a refusal is about (`details.field`: code, currentCode), if any. */
function fieldOf(err: unknown): string | undefined {
  return err instanceof ApiError ? (err.details as { field?: string } | undefined)?.field : undefined;
}

/**
 * Turning two-factor on, or (`replacing`) moving it to a new authenticator app.
 * The server asks for the password first (the `run` wrapper shows the dialog);
 * replacing also needs a current code from the old app or a recovery code.
 */
export function MfaEnrolment({
  next,
  replacing,
  run,
  onOpen,
  onClose,
  onDone,
}: {
  next: string;
  replacing: boolean;
  run: ReauthRun;
  onOpen: () => void;
  onClose: () => void;
  onDone: (r: MfaConfirmed) => void;
}) {
  const m = useMfaMutations();
  const [setup, setSetup] = useState<MfaSetup | null>(null);
  const [done, setDone] = useState<(MfaConfirmed & { replaced: boolean }) | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const firstField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (setup) firstField.current?.focus();
  }, [setup]);

  async function start() {
    setError(null);
    setBusy(true);
    try {
      setSetup(await run(() => m.start.mutateAsync()));
      onOpen();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  async function confirm(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const code = String(form.get('code') ?? '');
    const currentCode = replacing ? String(form.get('currentCode') ?? '') : undefined;
    setError(null);
    setBusy(true);
    try {
      const r = await run(() => m.confirm.mutateAsync({ secret: setup!.secret, code, currentCode }));
      setDone({ ...r, replaced: replacing });
      setSetup(null);
      onDone(r);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  function cancel() {
    setSetup(null);
    setError(null);
    onClose();
  }

  if (done) {
    return (
      <div className="mt-3 text-sm">
        <p role="status" className="font-semibold text-brand-800">
          {done.replaced ? 'Your new authenticator app is set up.' : 'Two-factor authentication is on.'}
          {done.sessionsRevoked > 0 && ` Your other sessions (${done.sessionsRevoked}) were signed out.`}
        </p>
        <p className="mt-2">Store these recovery codes somewhere safe. Each works once. They are shown only now.</p>
        <ul aria-label="Recovery codes" className="mt-2 grid grid-cols-2 gap-1 font-mono">
          {done.recoveryCodes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <a href={next} className={`${buttonClass.primary} mt-4 inline-block`}>
          Continue
        </a>
      </div>
    );
  }
  const message = error instanceof Error ? error.message : null;
  const onCurrent = fieldOf(error) === 'currentCode';
  return (
    <div className="mt-3 text-sm">
      {!setup ? (
        <button type="button" className={buttonClass.primary} disabled={busy} onClick={() => void start()}>
          {replacing ? 'Replace authenticator app' : 'Set up authenticator app'}
        </button>
      ) : (
        <form onSubmit={confirm} className="space-y-3" aria-label={replacing ? 'Replace authenticator app' : undefined}>
          {replacing && (
            <CurrentCodeField id="mfa-current-code" error={onCurrent ? message : null} inputRef={firstField} />
          )}
          <p>Scan this QR code with your {replacing ? 'new ' : ''}authenticator app, or enter the key by hand.</p>
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={setup.qrDataUrl} alt="QR code for your authenticator app" width={200} height={200} />
          <p>
            Key: <code className="break-all">{setup.secret}</code>
          </p>
          <div>
            <label htmlFor="totp-code" className="block font-medium">
              {replacing ? '6-digit code from the new app' : '6-digit code from the app'}
            </label>
            <input
              ref={replacing ? undefined : firstField}
              id="totp-code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              className={inputClass}
            />
          </div>
          <div className="flex gap-2">
            <button type="submit" disabled={busy} className={buttonClass.primary}>
              {replacing ? 'Confirm new authenticator' : 'Turn on'}
            </button>
            <button type="button" onClick={cancel} className={buttonClass.secondary}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {message && !onCurrent && (
        <p role="alert" className="mt-2 text-red-700">
          {message}
        </p>
      )}
    </div>
  );
}
