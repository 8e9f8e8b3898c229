'use client';
import { useCallback, useRef, useState, type FormEvent } from 'react';
import { ApiError, apiSend } from '@/lib/api-client';
import { Dialog, buttonClass, inputClass } from '@/components/ui/dialog';

/**
 * "Confirm it's you": sensitive changes in a HIPAA-eligible workspace need the
 * password (or an authenticator code) re-entered within 5 minutes. `run(fn)`
 * calls fn; if the server answers reauth_required, the dialog asks for the
 * password, POSTs /api/session/reauth, and runs fn again. Cancelling rejects
 * with the original error so the caller's error handling still applies.
 */
export function useReauth() {
  const [open, setOpen] = useState(false);
  const pending = useRef<{ resolve: () => void; reject: (e: unknown) => void; error: unknown } | null>(null);

  const ask = useCallback(
    (error: unknown) =>
      new Promise<void>((resolve, reject) => {
        pending.current = { resolve, reject, error };
        setOpen(true);
      }),
    [],
  );

  const run = useCallback(
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
    setOpen(false);
    pending.current?.resolve();
    pending.current = null;
  }, []);
  const onCancel = useCallback(() => {
    setOpen(false);
    pending.current?.reject(pending.current.error);
    pending.current = null;
  }, []);
  return { run, dialog: <ReauthDialog open={open} onConfirmed={onConfirmed} onCancel={onCancel} /> };
}

function ReauthDialog({
  open,
  onConfirmed,
  onCancel,
}: {
  open: boolean;
  onConfirmed: () => void;
  onCancel: () => void;
}) {
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
    // Passwords are at least 12 characters, so six digits can only be a TOTP code.
    const body = /^\d{6}$/.test(secret.trim()) ? { code: secret.trim() } : { password: secret };
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
    <Dialog open={open} title="Confirm it’s you" onClose={close}>
      <form onSubmit={submit} className="space-y-4 text-sm">
        <p className="text-slate-700">
          This workspace handles PHI under a BAA. Re-enter your password (or a code from your authenticator app) to make
          this change.
        </p>
        <div>
          <label htmlFor="reauth-secret" className="block font-medium">
            Password or authenticator code
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
