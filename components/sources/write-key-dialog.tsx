'use client';
import { useState } from 'react';
import { Dialog, buttonClass } from '@/components/ui/dialog';
import { CopyButton } from '@/components/ui/copy-button';
import { WRITE_KEY_PREFIX_LENGTH } from '@/lib/sources/write-key-display';

/**
 * The one and only display of a write key. The server keeps a hash; once this
 * dialog closes the caller drops the key from memory (state and mutation cache).
 * Like the private-key modal, it closes only after "I have stored…" is ticked:
 * Escape and a stray click cannot lose the key.
 */
export function WriteKeyDialog({
  writeKey,
  sourceName,
  note,
  onClose,
}: {
  writeKey: string | null;
  sourceName: string;
  note?: string;
  onClose: () => void;
}) {
  const open = writeKey !== null;
  const [stored, setStored] = useState(false);
  // Every opening needs its own acknowledgement. (Tracked by open/closed, not by
  // the key: keeping the key in state would outlive the dialog.)
  const [wasOpen, setWasOpen] = useState(open);
  if (wasOpen !== open) {
    setWasOpen(open);
    setStored(false);
  }
  return (
    <Dialog open={open} title={`Write key for ${sourceName}`} onClose={onClose} dismissible={false}>
      {writeKey && (
        <div className="space-y-4 text-sm">
          <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
            This is the only time the full write key is shown. Copy it now and store it in your secret manager.
            Afterwards the console shows only its first {WRITE_KEY_PREFIX_LENGTH} characters.
          </p>
          <div>
            <label htmlFor="write-key-value" className="block font-medium">
              Write key
            </label>
            <input
              id="write-key-value"
              readOnly
              value={writeKey}
              onFocus={(e) => e.currentTarget.select()}
              className="mt-1 w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm"
            />
            <div className="mt-2">
              <CopyButton value={writeKey} label="Copy write key" />
            </div>
          </div>
          {note && <p className="text-slate-700">{note}</p>}
          <label className="flex items-start gap-2">
            <input type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} className="mt-0.5" />
            <span>I have stored the write key securely</span>
          </label>
          <div className="flex justify-end">
            <button type="button" disabled={!stored} onClick={onClose} className={buttonClass.primary}>
              Done
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
