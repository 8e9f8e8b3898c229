'use client';
import type { KeyRecordView } from '@/lib/schemas/encryption';

const when = (iso: string) => new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** Every key the destination has had: which one encrypted what, and when it stopped. */
export function KeyHistory({ keys }: { keys: readonly KeyRecordView[] }) {
  return (
    <section aria-labelledby="key-history-heading" className="space-y-2">
      <h3 id="key-history-heading" className="text-sm font-semibold">
        Key history
      </h3>
      {keys.length === 0 ? (
        <p className="text-sm text-slate-500">No keys yet.</p>
      ) : (
        <table className="w-full text-left text-xs">
          <caption className="sr-only">Encryption keys, newest first</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-3">
                Fingerprint (SHA-256)
              </th>
              <th scope="col" className="pr-3">
                Size
              </th>
              <th scope="col" className="pr-3">
                Origin
              </th>
              <th scope="col" className="pr-3">
                Created
              </th>
              <th scope="col">Retired</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} className="border-t border-slate-100 align-top">
                <td className="break-all py-1 pr-3 font-mono">{k.fingerprint}</td>
                <td className="pr-3">RSA-{k.modulusBits}</td>
                <td className="pr-3">{k.origin === 'byok' ? 'Pasted (BYOK)' : 'Generated in browser'}</td>
                <td className="pr-3">
                  {when(k.createdAt)}
                  {k.createdBy ? ` by ${k.createdBy.name}` : ''}
                </td>
                <td>
                  {k.retiredAt ? when(k.retiredAt) : <span className="font-semibold text-brand-800">Current</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
