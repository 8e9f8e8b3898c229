'use client';
import { useState } from 'react';
import type { OneTimeHashSecret } from '@/lib/schemas/encryption';
import { CopyButton } from '@/components/ui/copy-button';
import { Dialog, buttonClass } from '@/components/ui/dialog';

/**
 * The per-destination HMAC secret, shown once (the server keeps it sealed and
 * never returns it again). With it the customer can hash their own lists
 * exactly as events are hashed, e.g. to match audiences.
 */
export function OneTimeSecretDialog({ secret, onDone }: { secret: OneTimeHashSecret | null; onDone: () => void }) {
  const [stored, setStored] = useState(false);
  const done = () => {
    setStored(false);
    onDone();
  };
  return (
    <Dialog open={secret !== null} title="Store your hashing secret" onClose={done} dismissible={false}>
      {secret && (
        <div className="space-y-4 text-sm">
          <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
            This secret is shown <strong>only once</strong>. It is stored encrypted and cannot be displayed again; if
            you lose it, rotate it.
          </p>
          <div>
            <label htmlFor="hmac-secret" className="block font-medium">
              HMAC-SHA256 secret (hex, 32 bytes)
            </label>
            <input
              id="hmac-secret"
              readOnly
              value={secret.value}
              spellCheck={false}
              className="mt-1 w-full rounded-md border border-slate-300 bg-slate-50 p-2 font-mono text-xs"
            />
            <div className="mt-2">
              <CopyButton value={secret.value} label="Copy secret" />
            </div>
          </div>
          <div className="text-xs text-slate-700">
            <p>
              To hash your own values the same way: trim; lower-case emails; write phone numbers in E.164 (
              <span className="font-mono">+16175550100</span>); then
            </p>
            <pre className="mt-1 overflow-auto rounded bg-slate-900 p-2 text-slate-100">
              printf %s &quot;$VALUE&quot; | openssl dgst -sha256 -mac HMAC -macopt hexkey:$SECRET
            </pre>
          </div>
          <label className="flex items-start gap-2">
            <input type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} className="mt-0.5" />
            <span>I have stored the hashing secret securely</span>
          </label>
          <div className="flex justify-end">
            <button type="button" disabled={!stored} onClick={done} className={buttonClass.primary}>
              Done
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
