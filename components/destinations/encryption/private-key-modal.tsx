'use client';
import { useCallback, useState } from 'react';
import { generateEncryptionKeyPair, type GeneratedKeyPair, type ModulusBits } from '@/lib/crypto/browser-keys';
import { CopyButton } from '@/components/ui/copy-button';
import { Dialog, buttonClass } from '@/components/ui/dialog';

/**
 * The key pair lives only in this hook's state, in this tab: generated with
 * WebCrypto, shown once, and dropped on cancel or after a successful save.
 * Nothing here is sent to the server except what the caller sends (the SPKI).
 */
export function useKeyCeremony() {
  const [pair, setPair] = useState<GeneratedKeyPair | null>(null);
  const [generating, setGenerating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generate = useCallback(async (bits: ModulusBits) => {
    setError(null);
    setGenerating(true);
    try {
      setPair(await generateEncryptionKeyPair(bits));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Key generation failed.');
    } finally {
      setGenerating(false);
    }
  }, []);
  const discard = useCallback(() => setPair(null), []);
  return { pair, generating, error, generate, discard };
}

export function fileNameFor(destinationName: string, fingerprint: string): string {
  const slug =
    destinationName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'destination';
  return `${slug}-private-key-${fingerprint.slice(0, 12)}.pem`;
}

function download(pem: string, name: string): void {
  const url = URL.createObjectURL(new Blob([pem], { type: 'application/x-pem-file' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

export function PrivateKeyModal({
  pair,
  destinationName,
  confirmLabel,
  pending,
  error,
  note,
  onConfirm,
  onCancel,
}: {
  pair: GeneratedKeyPair | null;
  destinationName: string;
  confirmLabel: string;
  pending?: boolean;
  error?: string | null;
  note?: React.ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const [stored, setStored] = useState(false);
  const [shownFor, setShownFor] = useState<string | null>(null);
  // A new pair needs a new acknowledgement.
  if (pair && shownFor !== pair.fingerprint) {
    setShownFor(pair.fingerprint);
    setStored(false);
  }
  const cancel = () => {
    if (!pending) onCancel();
  };
  return (
    <Dialog open={pair !== null} title="Store your private key" onClose={cancel} dismissible={!pending}>
      {pair && (
        <div className="space-y-4 text-sm">
          <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
            This is the only time the private key is shown. It was generated in this browser and is never sent to the
            server, so it
            <strong> cannot be retrieved later</strong>. Without it, data encrypted with this key cannot be decrypted.
          </p>
          {note}
          <div>
            <label htmlFor="private-key-pem" className="block font-medium">
              Private key (PKCS#8 PEM, RSA-{pair.modulusBits})
            </label>
            <textarea
              id="private-key-pem"
              readOnly
              value={pair.privateKeyPem}
              rows={8}
              spellCheck={false}
              className="mt-1 w-full rounded-md border border-slate-300 bg-slate-50 p-2 font-mono text-xs"
            />
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <CopyButton value={pair.privateKeyPem} label="Copy private key" />
              <button
                type="button"
                onClick={() => download(pair.privateKeyPem, fileNameFor(destinationName, pair.fingerprint))}
                className={buttonClass.secondary}
              >
                Download .pem
              </button>
            </div>
          </div>
          <div>
            <p className="font-medium">Key fingerprint (SHA-256 of the public key)</p>
            <p data-testid="key-fingerprint" className="break-all font-mono text-xs">
              {pair.fingerprint}
            </p>
            <p className="text-xs text-slate-600">
              Each encrypted event names this fingerprint in{' '}
              <span className="font-mono">context.encryption.keyFingerprint</span>.
            </p>
          </div>
          <label className="flex items-start gap-2">
            <input type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} className="mt-0.5" />
            <span>I have stored the private key securely</span>
          </label>
          {error && (
            <p role="alert" className="text-red-700">
              {error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" onClick={cancel} disabled={pending} className={buttonClass.secondary}>
              Cancel and discard keys
            </button>
            <button type="button" onClick={onConfirm} disabled={!stored || pending} className={buttonClass.primary}>
              {pending ? 'Saving…' : confirmLabel}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
