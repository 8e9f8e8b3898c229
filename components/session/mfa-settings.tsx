'use client';
import { useState } from 'react';
import { useReauth } from '@/components/session/reauth-dialog';
import { MfaEnrolment } from '@/components/session/mfa-enrolment';
import { MfaTurnOff } from '@/components/session/mfa-turn-off';

export interface MfaSettingsState {
  /** YYYY-MM-DD when two-factor was turned on, or null while it is off. */
  since: string | null;
  recoveryCodesLeft: number;
  /** Workspaces of the user that enforce two-factor. */
  requiredBy: string[];
}

/**
 * The authenticator section of Account security: turn on, replace, turn off.
 * One "Confirm it's you" dialog serves all three; one form is open at a time.
 */
export function MfaSettings({ initial, next }: { initial: MfaSettingsState; next: string }) {
  const reauth = useReauth();
  const [state, setState] = useState(initial);
  const [open, setOpen] = useState<'enrol' | 'off' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Bumped on turning off, so the enrolment form starts again at its first step.
  const [generation, setGeneration] = useState(0);
  const on = state.since !== null;
  const today = () => new Date().toISOString().slice(0, 10);

  return (
    <>
      {on && (
        <p className="mt-2 text-sm text-slate-700">
          On since {state.since}. {state.recoveryCodesLeft} unused recovery codes left.
        </p>
      )}
      {notice && (
        <p role="status" className="mt-2 text-sm font-semibold text-brand-800">
          {notice}
        </p>
      )}
      {open !== 'off' && (
        <MfaEnrolment
          key={generation}
          next={next}
          replacing={on}
          run={reauth.run}
          onOpen={() => {
            setNotice(null);
            setOpen('enrol');
          }}
          onClose={() => setOpen(null)}
          onDone={(r) => setState((s) => ({ ...s, since: today(), recoveryCodesLeft: r.recoveryCodes.length }))}
        />
      )}
      {on && open !== 'enrol' && (
        <MfaTurnOff
          requiredBy={state.requiredBy}
          run={reauth.run}
          onOpen={() => {
            setNotice(null);
            setOpen('off');
          }}
          onClose={() => setOpen(null)}
          onDone={(r) => {
            setState((s) => ({ ...s, since: null, recoveryCodesLeft: 0 }));
            setOpen(null);
            setGeneration((g) => g + 1);
            setNotice(
              `Two-factor authentication is off.${r.sessionsRevoked > 0 ? ` Your other sessions (${r.sessionsRevoked}) were signed out.` : ''}`,
            );
          }}
        />
      )}
      {reauth.dialog}
    </>
  );
}
