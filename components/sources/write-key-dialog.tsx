'use client';
import { Dialog, buttonClass } from '@/components/ui/dialog';
import { CopyButton } from '@/components/ui/copy-button';
import { WRITE_KEY_PREFIX_LENGTH } from '@/lib/sources/write-key-display';

/**
 * The one and only display of a write key. The server keeps a hash; once this
 * dialog closes the caller drops the key from memory (state and mutation cache).
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
  return (
    <Dialog open={writeKey !== null} title={`Write key for ${sourceName}`} onClose={onClose}>
      {writeKey && (
        <div className="space-y-4 text-sm">
          <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
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
          </div>
          {note && <p className="text-slate-700">{note}</p>}
          <div className="flex items-center justify-between gap-2">
            <CopyButton value={writeKey} label="Copy write key" />
            <button type="button" onClick={onClose} className={buttonClass.primary}>
              I have stored the key
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
