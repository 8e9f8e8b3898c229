'use client';
import { useCallback, useRef, useState, type FormEvent } from 'react';
import { ApiError, apiSend } from '@/lib/api-client';
import { Dialog, buttonClass, inputClass } from '@/components/ui/dialog';

/** Runs a change, asking the user to confirm it's them first when the server wants that. */
export type ReauthRun = <T>(fn: () => Promise<T>) => Promise<T>;

/** What the server asked for: any credential, or the password only (`details.method`: two-factor changes). */
interface Ask {
  passwordOnly: boolean;
  message: string;
}

/**
 * "Confirm it's you": sensitive changes in a HIPAA-eligible workspace need the
 * password (or an authenticator code) re-entered within 5 minutes; changes to
 * two-factor itself need the password. `run(fn)` calls fn; if the server
 * answers reauth_required, the dialog asks for what the server named, POSTs
 * /api/session/reauth, and runs fn again. Cancelling rejects with the original
 * error so the caller's error handling still applies.
 */
export function useReauth() {
  const [asked, setAsked] = useState<Ask | null>(null);
  const pending = useRef<{ resolve: () => void; reject: (e: unknown) => void; error: unknown } | null>(null);

  const ask = useCallback(
    (error: unknown) =>
      new Promise<void>((resolve, reject) => {
        pending.current = { resolve, reject, error };
        const details = error instanceof ApiError ? (error.details as { method?: string } | undefined) : undefined;
        setAsked({
          passwordOnly: details?.method === 'password',
          message: error instanceof ApiError ? error.message : '',
        });
      }),
    [],
  );

  const run: ReauthRun = useCallback(
    async <T,>(fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 'reauth_required') throw e;
        await ask(e);
        return fn();
      }
    },
    [ask],
  );

  const onConfirmed = useCallback(() => {
    setAsked(null);
    pending.current?.resolve();
    pending.current = null;
  }, []);
  const onCancel = useCallback(() => {
    setAsked(null);
    pending.current?.reject(pending.current.error);
    pending.current = null;
  }, []);
  return { run, dialog: <ReauthDialog asked={asked} onConfirmed={onConfirmed} onCancel={onCancel} /> };
}

function ReauthDialog({
  asked,
  onConfirmed,
  onCancel,
}: {
  asked: Ask | null;
  onConfirmed: () => void;
  onCancel: () => void;
}) {
  const passwordOnly = asked?.passwordOnly ?? false;
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setSecret('');
    setError(null);
    onCancel();
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    // Passwords are at least 12 characters, so six digits can only be a TOTP code
    // (unless the server asked for the password itself).
    const body = !passwordOnly && /^\d{6}$/.test(secret.trim()) ? { code: secret.trim() } : { password: secret };
    try {
      await apiSend('POST', '/api/session/reauth', body);
      setSecret('');
      onConfirmed();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not confirm your identity. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={asked !== null} title="Confirm it’s you" onClose={close}>
      <form onSubmit={submit} className="space-y-4 text-sm">
        <p className="text-slate-700">
          {passwordOnly
            ? `${asked?.message || 'Re-enter your password to make this change.'} An authenticator code is not enough here.`
            : 'This workspace handles PHI under a BAA. Re-enter your password (or a code from your authenticator app) to make this change.'}
        </p>
        <div>
          <label htmlFor="reauth-secret" className="block font-medium">
            {passwordOnly ? 'Password' : 'Password or authenticator code'}
          </label>
          <input
            id="reauth-secret"
            type="password"
            autoComplete="current-password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            className={inputClass}
            required
          />
        </div>
        {error && (
          <p role="alert" className="text-red-700">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={close} className={buttonClass.secondary}>
            Cancel
          </button>
          <button type="submit" disabled={busy || secret.length === 0} className={buttonClass.primary}>
            {busy ? 'Checking…' : 'Confirm'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
