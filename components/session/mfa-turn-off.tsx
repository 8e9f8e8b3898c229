'use client';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '@/lib/api-client';
import { useMfaMutations, type MfaDisabled } from '@/lib/queries/account';
import type { ReauthRun } from '@/components/session/reauth-dialog';
import { CurrentCodeField } from '@/components/session/current-code-field';
import { buttonClass } from '@/components/ui/dialog';

/**
 * "Turn off two-factor": the password (asked by `run`'s dialog) and a current
 * code. Not offered while one of the user's workspaces requires two-factor.
 */
export function MfaTurnOff({
  requiredBy,
  run,
  onOpen,
  onClose,
  onDone,
}: {
  requiredBy: string[];
  run: ReauthRun;
  onOpen: () => void;
  onClose: () => void;
  onDone: (r: MfaDisabled) => void;
}) {
  const m = useMfaMutations();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) field.current?.focus();
  }, [open]);

  if (requiredBy.length > 0) {
    return (
      <p className="mt-4 text-sm text-slate-700">
        {requiredBy.join(', ')} {requiredBy.length > 1 ? 'require' : 'requires'} two-factor authentication, so it cannot
        be turned off. You can replace your authenticator app instead.
      </p>
    );
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const currentCode = String(new FormData(e.currentTarget).get('currentCode') ?? '');
    setError(null);
    setBusy(true);
    try {
      const r = await run(() => m.disable.mutateAsync({ currentCode }));
      setOpen(false);
      onDone(r);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  function cancel() {
    setOpen(false);
    setError(null);
    onClose();
  }

  if (!open) {
    return (
      <button
        type="button"
        className={`${buttonClass.secondary} mt-4`}
        onClick={() => {
          setOpen(true);
          onOpen();
        }}
      >
        Turn off two-factor
      </button>
    );
  }
  const message = error instanceof ApiError || error instanceof Error ? error.message : null;
  return (
    <form onSubmit={submit} aria-label="Turn off two-factor" className="mt-4 space-y-3 text-sm">
      <p>
        Turning it off deletes your authenticator key and recovery codes and signs out your other sessions. Sign-in will
        need only your password.
      </p>
      <CurrentCodeField id="mfa-off-current-code" error={message} inputRef={field} />
      <div className="flex gap-2">
        <button type="submit" disabled={busy} className={buttonClass.danger}>
          Confirm and turn off
        </button>
        <button type="button" onClick={cancel} className={buttonClass.secondary}>
          Cancel
        </button>
      </div>
    </form>
  );
}
