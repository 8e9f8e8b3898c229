'use client';
import { useEffect, useState } from 'react';
import { fingerprintPublicPem } from '@/lib/crypto/browser-keys';
import { buttonClass } from '@/components/ui/dialog';

/**
 * Owner-only "Bring your own public key": paste an SPKI PEM generated
 * elsewhere (e.g. in your KMS or with openssl). The server refuses private
 * keys; this also warns before sending one.
 */
export function ByokField({
  actionLabel,
  pending,
  error,
  onSubmit,
}: {
  actionLabel: string;
  pending?: boolean;
  error?: string | null;
  onSubmit: (pem: string, fingerprint: string | undefined) => void;
}) {
  const [pem, setPem] = useState('');
  const [fp, setFp] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void fingerprintPublicPem(pem).then((f) => {
      if (live) setFp(f);
    });
    return () => {
      live = false;
    };
  }, [pem]);
  const looksPrivate = /PRIVATE KEY-----/.test(pem);
  return (
    <details className="rounded-md border border-slate-200 p-3 text-sm">
      <summary className="cursor-pointer font-medium">Bring your own public key</summary>
      <div className="mt-3 space-y-2">
        <label htmlFor="byok-pem" className="block font-medium">
          Public key (PEM, SPKI)
        </label>
        <textarea
          id="byok-pem"
          value={pem}
          onChange={(e) => setPem(e.target.value)}
          rows={6}
          spellCheck={false}
          placeholder={'-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----'}
          className="w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
          aria-describedby="byok-help"
        />
        <p id="byok-help" className="text-xs text-slate-600">
          RSA, at least 2048 bits. Export it with{' '}
          <span className="font-mono">openssl pkey -in private.pem -pubout</span>. Never paste the private key.
        </p>
        {looksPrivate && (
          <p role="alert" className="text-xs text-red-700">
            This is a private key. Paste the public key only; the server will refuse a private key.
          </p>
        )}
        {fp && (
          <p className="text-xs">
            Fingerprint: <span className="break-all font-mono">{fp}</span>
          </p>
        )}
        {error && (
          <p role="alert" className="text-xs text-red-700">
            {error}
          </p>
        )}
        <button
          type="button"
          disabled={!pem.trim() || looksPrivate || pending}
          onClick={() => onSubmit(pem, fp ?? undefined)}
          className={buttonClass.secondary}
        >
          {pending ? 'Saving…' : actionLabel}
        </button>
      </div>
    </details>
  );
}
