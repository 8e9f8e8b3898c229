'use client';
import { useEffect, useRef, useState } from 'react';
import type { ModulusBits } from '@/lib/crypto/browser-keys';
import type { HashModeInput, KeyOrigin, OneTimeHashSecret } from '@/lib/schemas/encryption';
import { useProtectionFields } from '@/lib/queries/encryption';
import { useSetupFormSlot } from '@/components/destinations/setup-form';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass } from '@/components/ui/dialog';
import { ByokField } from './byok-field';
import { FieldPicker } from './field-picker';
import { HashModeRadio } from './hash-mode-radio';
import { ModulusSelect } from './modulus-select';
import { OneTimeSecretDialog } from './one-time-secret-dialog';
import { PrivateKeyModal, useKeyCeremony } from './private-key-modal';

interface ChosenKey {
  pem: string;
  fingerprint: string | undefined;
  modulusBits: number | null;
  origin: KeyOrigin;
}

/**
 * Encryption and hashing on the Setup page of a new destination (Segment:
 * tick "Have Segment encrypt sensitive data", pick fields, Generate Encryption
 * Keys, store the private key, Create destination). The private key is shown
 * once in the modal and dropped when the user confirms; only the public key
 * rides along in the create request, applied in the same transaction.
 */
export function ProtectionSetupBlock({
  workspaceId,
  destinationName,
  encryptionAvailable,
}: {
  workspaceId: string;
  destinationName: string;
  encryptionAvailable: boolean;
}) {
  const { setPayload, setBlocker, setAfterCreate, errors } = useSetupFormSlot();
  const { can } = useWorkspace();
  const options = useProtectionFields(workspaceId);
  const ceremony = useKeyCeremony();
  const [encOn, setEncOn] = useState(false);
  const [encFields, setEncFields] = useState<string[]>([]);
  const [bits, setBits] = useState<ModulusBits>(3072);
  const [key, setKey] = useState<ChosenKey | null>(null);
  const [hashOn, setHashOn] = useState(false);
  const [hashFields, setHashFields] = useState<string[]>([]);
  const [mode, setMode] = useState<HashModeInput>('hmac');
  const [secret, setSecret] = useState<OneTimeHashSecret | null>(null);
  const secretShown = useRef<(() => void) | null>(null);

  useEffect(() => {
    const ready = encOn && key && encFields.length > 0;
    setPayload(
      'encryption',
      ready
        ? {
            fields: encFields,
            publicKey: {
              pem: key.pem,
              origin: key.origin,
              ...(key.fingerprint ? { fingerprint: key.fingerprint } : {}),
            },
          }
        : undefined,
    );
    setBlocker(
      'encryption',
      !encOn
        ? null
        : encFields.length === 0
          ? 'Select at least one field to encrypt, or untick "Have Segment encrypt sensitive data".'
          : !key
            ? 'Generate encryption keys and store the private key before creating the destination.'
            : null,
    );
  }, [encOn, encFields, key, setPayload, setBlocker]);

  useEffect(() => {
    setPayload('hashing', hashOn && hashFields.length > 0 ? { fields: hashFields, mode } : undefined);
    setBlocker(
      'hashing',
      hashOn && hashFields.length === 0
        ? 'Select at least one field to hash, or untick "Have Segment hash sensitive data".'
        : null,
    );
  }, [hashOn, hashFields, mode, setPayload, setBlocker]);

  // The create response carries the new HMAC secret once: show it before the page moves on.
  useEffect(() => {
    setAfterCreate('hashing-secret', async (created) => {
      const s = (created as { hmacSecret?: OneTimeHashSecret }).hmacSecret;
      if (!s) return;
      await new Promise<void>((resolve) => {
        secretShown.current = resolve;
        setSecret(s);
      });
    });
    return () => setAfterCreate('hashing-secret', null);
  }, [setAfterCreate]);

  const list = options.data ?? [];
  const acceptGenerated = () => {
    const p = ceremony.pair;
    if (!p) return;
    setKey({ pem: p.publicKeyPem, fingerprint: p.fingerprint, modulusBits: p.modulusBits, origin: 'generated' });
    ceremony.discard(); // the private key is not kept past this point
  };

  return (
    <section aria-labelledby="setup-protection" className="space-y-6 rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="setup-protection" className="text-lg font-semibold">
        Data protection
      </h2>
      {options.error && (
        <p role="alert" className="text-sm text-red-700">
          Could not load the Yellow fields: {(options.error as Error).message}
        </p>
      )}
      {encryptionAvailable ? (
        <div className="space-y-4">
          <label className="flex items-center gap-2 text-sm font-medium">
            <input
              type="checkbox"
              checked={encOn}
              onChange={(e) => {
                setEncOn(e.target.checked);
                if (!e.target.checked) setKey(null);
              }}
            />
            Have Segment encrypt sensitive data
          </label>
          {encOn && (
            <div className="space-y-4 border-l-2 border-brand-100 pl-4">
              <FieldPicker
                label="Fields"
                options={list}
                selected={encFields}
                onChange={setEncFields}
                unavailable={Object.fromEntries((hashOn ? hashFields : []).map((f) => [f, 'selected for hashing']))}
                error={errors['encryption.fields'] ?? null}
              />
              <div className="flex flex-wrap items-center gap-3">
                <ModulusSelect id="setup-modulus" value={bits} onChange={setBits} />
                <button
                  type="button"
                  disabled={encFields.length === 0 || ceremony.generating}
                  onClick={() => void ceremony.generate(bits)}
                  className={key ? buttonClass.secondary : buttonClass.primary}
                >
                  {ceremony.generating
                    ? 'Generating…'
                    : key
                      ? 'Regenerate Encryption Keys'
                      : 'Generate Encryption Keys'}
                </button>
              </div>
              {ceremony.error && (
                <p role="alert" className="text-sm text-red-700">
                  {ceremony.error}
                </p>
              )}
              {key && (
                <p role="status" className="text-sm text-emerald-900">
                  Public key ready{key.modulusBits ? ` (RSA-${key.modulusBits})` : ''}
                  {key.origin === 'byok' ? ', pasted' : ''}. Fingerprint:{' '}
                  <span className="break-all font-mono text-xs">{key.fingerprint ?? 'computed on save'}</span>
                </p>
              )}
              {errors['encryption.publicKey.pem'] && (
                <p role="alert" className="text-sm text-red-700">
                  {errors['encryption.publicKey.pem']}
                </p>
              )}
              {can('encryption.byok') && (
                <ByokField
                  actionLabel="Use this public key"
                  onSubmit={(pem, fingerprint) => setKey({ pem, fingerprint, modulusBits: null, origin: 'byok' })}
                />
              )}
            </div>
          )}
        </div>
      ) : (
        <p className="text-sm text-slate-600">
          Data encryption applies to event-stream (cloud-mode) destinations; this one loads data in batches.
        </p>
      )}
      <div className="space-y-4">
        <label className="flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" checked={hashOn} onChange={(e) => setHashOn(e.target.checked)} />
          Have Segment hash sensitive data
        </label>
        {hashOn && (
          <div className="space-y-4 border-l-2 border-brand-100 pl-4">
            <FieldPicker
              label="Fields to hash"
              options={list}
              selected={hashFields}
              onChange={setHashFields}
              unavailable={Object.fromEntries((encOn ? encFields : []).map((f) => [f, 'selected for encryption']))}
              error={errors['hashing.fields'] ?? null}
            />
            <HashModeRadio name="setup-hash-mode" value={mode} onChange={setMode} />
          </div>
        )}
      </div>
      <PrivateKeyModal
        pair={ceremony.pair}
        destinationName={destinationName}
        confirmLabel="Use this key"
        onConfirm={acceptGenerated}
        onCancel={ceremony.discard}
      />
      <OneTimeSecretDialog
        secret={secret}
        onDone={() => {
          setSecret(null);
          secretShown.current?.();
          secretShown.current = null;
        }}
      />
    </section>
  );
}
