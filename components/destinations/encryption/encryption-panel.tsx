'use client';
import { useState } from 'react';
import type { EncryptionStateView, PublicKeyInput } from '@/lib/schemas/encryption';
import type { ModulusBits } from '@/lib/crypto/browser-keys';
import { useEncryptionMutations } from '@/lib/queries/encryption';
import { fieldErrorsOf, messageOf } from '@/lib/queries/field-errors';
import { useWorkspace } from '@/components/shell/workspace-context';
import { Dialog, buttonClass } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import { FieldPicker } from './field-picker';
import { KeyHistory } from './key-history';
import { ModulusSelect } from './modulus-select';
import { ByokField } from './byok-field';
import { PrivateKeyModal, useKeyCeremony } from './private-key-modal';

type Run = <T>(fn: () => Promise<T>) => Promise<T>;
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** "Have Segment encrypt sensitive data" on the Data Encryption tab of an existing destination. */
export function EncryptionPanel({
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
  const ceremony = useKeyCeremony();
  const { notify } = useToast();
  const on = state.encryption.enabled;
  const [draftOn, setDraftOn] = useState(false);
  const [fields, setFields] = useState<string[]>(state.encryption.fields);
  const [bits, setBits] = useState<ModulusBits>(3072);
  const [confirmOff, setConfirmOff] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // True for the whole save, including a "Confirm it's you" prompt in between,
  // so the key modal cannot be dismissed (and the keys lost) underneath it.
  const [saving, setSaving] = useState(false);
  // A save (or another tab) brings new server state: start the draft from it again.
  const [savedFields, setSavedFields] = useState(state.encryption.fields);
  if (savedFields !== state.encryption.fields) {
    setSavedFields(state.encryption.fields);
    setFields(state.encryption.fields);
  }

  const checked = on || draftOn;
  const hashed = state.hashing.enabled ? state.hashing.fields : [];
  const unavailable = Object.fromEntries(hashed.map((f) => [f, 'hashed for this destination']));
  const dirty = on && !same(fields, state.encryption.fields);
  const fieldError = fieldErrorsOf(error).fields ?? null;
  const busy = saving;

  async function save(publicKey?: PublicKeyInput): Promise<boolean> {
    setError(null);
    setSaving(true);
    try {
      await run(() => m.save.mutateAsync({ fields, ...(publicKey ? { publicKey } : {}) }));
      setDraftOn(false);
      notify(!on ? 'Data encryption turned on' : publicKey ? 'New encryption key saved' : 'Encryption changes saved');
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setSaving(false);
    }
  }
  async function saveGenerated() {
    const p = ceremony.pair;
    if (!p) return;
    // Only the SPKI and its fingerprint leave the browser.
    if (await save({ pem: p.publicKeyPem, origin: 'generated', fingerprint: p.fingerprint })) ceremony.discard();
  }
  async function turnOff() {
    setError(null);
    setSaving(true);
    try {
      await run(() => m.disable.mutateAsync());
      setFields(state.encryption.fields);
      notify('Data encryption turned off');
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
      setConfirmOff(false);
    }
  }
  function onToggle(next: boolean) {
    if (next) {
      setDraftOn(true);
      return;
    }
    if (on) {
      setConfirmOff(true);
      return;
    }
    setDraftOn(false);
    ceremony.discard();
    setFields(state.encryption.fields);
  }

  const generalError = error && !fieldError ? messageOf(error) : null;
  return (
    <section aria-labelledby="encryption-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <div>
        <h2 id="encryption-heading" className="text-lg font-semibold">
          Data Encryption
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Selected fields in <span className="font-mono">context</span>, <span className="font-mono">traits</span> and{' '}
          <span className="font-mono">properties</span> are encrypted with RSA-OAEP (SHA-256) before they leave for this
          destination. Encrypted values are always strings. The key pair is generated in your browser; only the public
          key is stored.
        </p>
      </div>
      {!state.encryptionAvailable && !on && (
        <p className="text-sm text-slate-600">
          Not available: data encryption applies to event-stream (cloud-mode) destinations, and this one loads data in
          batches.
        </p>
      )}
      <label className="flex items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          checked={checked}
          disabled={!canManage || busy || (!state.encryptionAvailable && !on)}
          onChange={(e) => onToggle(e.target.checked)}
        />
        Have Segment encrypt sensitive data
      </label>
      {checked && (
        <div className="space-y-4 border-l-2 border-brand-100 pl-4">
          <FieldPicker
            label="Fields"
            options={state.fieldOptions}
            selected={fields}
            onChange={setFields}
            unavailable={unavailable}
            disabled={!canManage || busy}
            error={fieldError}
          />
          {on && state.encryption.currentKey && (
            <p className="text-sm">
              Current key:{' '}
              <span className="break-all font-mono text-xs">{state.encryption.currentKey.fingerprint}</span> (RSA-
              {state.encryption.currentKey.modulusBits})
            </p>
          )}
          {canManage && (
            <div className="flex flex-wrap items-center gap-3">
              <ModulusSelect id="encryption-modulus" value={bits} onChange={setBits} disabled={busy} />
              <button
                type="button"
                disabled={fields.length === 0 || ceremony.generating || busy}
                onClick={() => void ceremony.generate(bits)}
                className={on ? buttonClass.secondary : buttonClass.primary}
              >
                {ceremony.generating ? 'Generating…' : on ? 'Regenerate Encryption Keys' : 'Generate Encryption Keys'}
              </button>
              {on && (
                <button
                  type="button"
                  disabled={!dirty || busy}
                  onClick={() => void save()}
                  className={buttonClass.primary}
                >
                  {saving && !ceremony.pair ? 'Saving…' : 'Save Changes'}
                </button>
              )}
            </div>
          )}
          {fields.length === 0 && canManage && (
            <p className="text-xs text-slate-600">Select at least one field first.</p>
          )}
          {on && (
            <p className="text-xs text-slate-600">
              Changes to fields apply to events sent from now on. Regenerating keys does not touch data already
              encrypted, and that data cannot be decrypted with the new key: keep the old private key for it.
            </p>
          )}
          {ceremony.error && (
            <p role="alert" className="text-sm text-red-700">
              {ceremony.error}
            </p>
          )}
          {generalError && !ceremony.pair && (
            <p role="alert" className="text-sm text-red-700">
              {generalError}
            </p>
          )}
          {can('encryption.byok') && (
            <ByokField
              actionLabel={on ? 'Replace the key with this public key' : 'Turn on with this public key'}
              pending={saving}
              error={fieldErrorsOf(error)['publicKey.pem'] ?? null}
              onSubmit={(pem, fingerprint) =>
                void save({ pem, origin: 'byok', ...(fingerprint ? { fingerprint } : {}) })
              }
            />
          )}
        </div>
      )}
      <KeyHistory keys={state.keys} />
      <PrivateKeyModal
        pair={ceremony.pair}
        destinationName={state.destinationName}
        confirmLabel={on ? 'Save Changes' : 'Save'}
        pending={saving}
        error={ceremony.pair && error ? messageOf(error) : null}
        note={
          on ? (
            <p className="text-amber-900">
              Data encrypted with the current key stays as it is and cannot be decrypted with this new key.
            </p>
          ) : null
        }
        onConfirm={() => void saveGenerated()}
        onCancel={() => {
          ceremony.discard();
          setError(null);
        }}
      />
      <Dialog
        open={confirmOff}
        title="Turn off data encryption?"
        role="alertdialog"
        onClose={() => setConfirmOff(false)}
        dismissible={!saving}
      >
        <div className="space-y-4 text-sm">
          <p>
            This does not decrypt data that was already sent, but it stops encrypting events from now on: the selected
            fields will reach {state.destinationName} in clear. The current key is retired and stays in the key history.
          </p>
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => setConfirmOff(false)} className={buttonClass.secondary}>
              Cancel
            </button>
            <button type="button" onClick={() => void turnOff()} disabled={saving} className={buttonClass.danger}>
              {saving ? 'Turning off…' : 'Confirm'}
            </button>
          </div>
        </div>
      </Dialog>
    </section>
  );
}
