'use client';
import { useState } from 'react';
import type { EncryptionStateView, HashModeInput, OneTimeHashSecret } from '@/lib/schemas/encryption';
import { useEncryptionMutations } from '@/lib/queries/encryption';
import { fieldErrorsOf, messageOf } from '@/lib/queries/field-errors';
import { useWorkspace } from '@/components/shell/workspace-context';
import { Dialog, buttonClass } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import { FieldPicker } from './field-picker';
import { HashModeRadio } from './hash-mode-radio';
import { OneTimeSecretDialog } from './one-time-secret-dialog';

type Run = <T>(fn: () => Promise<T>) => Promise<T>;
type Confirm = 'off' | 'rotate' | null;

/** "Have Segment hash sensitive data" (same Yellow list; a field is encrypted or hashed, never both). */
export function HashingPanel({
  workspaceId,
  state,
  run,
}: {
  workspaceId: string;
  state: EncryptionStateView;
  run: Run;
}) {
  const { can } = useWorkspace();
  const canManage = can('encryption.manage');
  const m = useEncryptionMutations(workspaceId, state.destinationId);
  const { notify } = useToast();
  const on = state.hashing.enabled;
  const [draftOn, setDraftOn] = useState(false);
  const [fields, setFields] = useState<string[]>(state.hashing.fields);
  const [mode, setMode] = useState<HashModeInput>(state.hashing.mode);
  const [secret, setSecret] = useState<OneTimeHashSecret | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A save (or another tab) brings new server state: start the draft from it again.
  const [saved, setSaved] = useState(state.hashing);
  if (saved.fields !== state.hashing.fields || saved.mode !== state.hashing.mode) {
    setSaved(state.hashing);
    setFields(state.hashing.fields);
    setMode(state.hashing.mode);
  }

  const checked = on || draftOn;
  const encrypted = state.encryption.enabled ? state.encryption.fields : [];
  const unavailable = Object.fromEntries(encrypted.map((f) => [f, 'encrypted for this destination']));
  const dirty = !on || mode !== state.hashing.mode || fields.join('\u0000') !== state.hashing.fields.join('\u0000');

  async function act(fn: () => Promise<{ hmacSecret: OneTimeHashSecret | null }>, done: string) {
    setError(null);
    setBusy(true);
    try {
      const r = await run(fn);
      if (r.hmacSecret) setSecret(r.hmacSecret);
      setDraftOn(false);
      notify(done);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  }
  function onToggle(next: boolean) {
    if (next) setDraftOn(true);
    else if (on) setConfirm('off');
    else {
      setDraftOn(false);
      setFields(state.hashing.fields);
    }
  }

  const fieldError = fieldErrorsOf(error).fields ?? null;
  return (
    <section aria-labelledby="hashing-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <div>
        <h2 id="hashing-heading" className="text-lg font-semibold">
          Hashing
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          For destinations that match on identifiers instead of needing the value back. Emails and phone numbers are
          normalised (trimmed, lower-cased, E.164) before hashing; hashed values are hex strings.
        </p>
      </div>
      <label className="flex items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          checked={checked}
          disabled={!canManage || busy}
          onChange={(e) => onToggle(e.target.checked)}
        />
        Have Segment hash sensitive data
      </label>
      {checked && (
        <div className="space-y-4 border-l-2 border-brand-100 pl-4">
          <FieldPicker
            label="Fields to hash"
            options={state.fieldOptions}
            selected={fields}
            onChange={setFields}
            unavailable={unavailable}
            disabled={!canManage || busy}
            error={fieldError}
          />
          <HashModeRadio name="hash-mode" value={mode} onChange={setMode} disabled={!canManage || busy} />
          {on && (
            <p className="text-sm">
              Secret:{' '}
              {state.hashing.mode === 'hmac'
                ? state.hashing.secretSet
                  ? 'set (shown once when it was created)'
                  : 'not set'
                : 'not used with plain SHA-256'}
            </p>
          )}
          {canManage && (
            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                disabled={!dirty || fields.length === 0 || busy}
                onClick={() =>
                  void act(
                    () => m.saveHashing.mutateAsync({ fields, mode }),
                    on ? 'Hashing changes saved' : 'Hashing turned on',
                  )
                }
                className={buttonClass.primary}
              >
                {busy && !confirm ? 'Saving…' : on ? 'Save hashing changes' : 'Turn on hashing'}
              </button>
              {on && state.hashing.mode === 'hmac' && (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => setConfirm('rotate')}
                  className={buttonClass.secondary}
                >
                  Rotate secret
                </button>
              )}
            </div>
          )}
          {error !== null && !fieldError && (
            <p role="alert" className="text-sm text-red-700">
              {messageOf(error)}
            </p>
          )}
        </div>
      )}
      <Dialog
        open={confirm !== null}
        role="alertdialog"
        title={confirm === 'off' ? 'Turn off data hashing?' : 'Rotate the hashing secret?'}
        onClose={() => setConfirm(null)}
        dismissible={!busy}
      >
        <div className="space-y-4 text-sm">
          <p>
            {confirm === 'off'
              ? `Events sent from now on will carry these fields to ${state.destinationName} in clear. Values already sent stay hashed. The secret is kept, so turning hashing back on gives the same hashes.`
              : 'Events sent from now on are hashed with a new secret, shown once. Hashes made with the old secret (yours or already sent) will no longer match.'}
          </p>
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => setConfirm(null)} className={buttonClass.secondary}>
              Cancel
            </button>
            <button
              type="button"
              disabled={busy}
              className={buttonClass.danger}
              onClick={() =>
                void (confirm === 'off'
                  ? act(() => m.disableHashing.mutateAsync(), 'Hashing turned off')
                  : act(() => m.rotateSecret.mutateAsync(), 'Hashing secret rotated'))
              }
            >
              {busy ? 'Working…' : 'Confirm'}
            </button>
          </div>
        </div>
      </Dialog>
      <OneTimeSecretDialog secret={secret} onDone={() => setSecret(null)} />
    </section>
  );
}
