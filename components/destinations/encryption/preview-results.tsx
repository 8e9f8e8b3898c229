'use client';
import type { PreviewFieldView, PreviewView, TreatmentLabel } from '@/lib/schemas/encryption';

const BADGE: Record<TreatmentLabel, string> = {
  clear: 'bg-slate-100 text-slate-800',
  encrypted: 'bg-emerald-100 text-emerald-900',
  hashed: 'bg-sky-100 text-sky-900',
  dropped: 'bg-rose-100 text-rose-900',
};
const COLOR: Record<NonNullable<PreviewFieldView['color']>, string> = { red: 'Red', yellow: 'Yellow', green: 'Green' };

function Json({ id, label, value }: { id: string; label: string; value: unknown }) {
  return (
    <figure className="min-w-0 flex-1">
      <figcaption id={id} className="mb-1 text-sm font-medium">
        {label}
      </figcaption>
      <pre
        aria-labelledby={id}
        tabIndex={0}
        className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100"
      >
        {JSON.stringify(value, null, 2)}
      </pre>
    </figure>
  );
}

/** Input and output side by side, every field labelled, warnings first. */
export function PreviewResults({ result }: { result: PreviewView }) {
  const name = result.destination.name;
  return (
    <div className="space-y-4" aria-live="polite">
      <p
        className={`rounded-md p-3 text-sm ${result.delivery.wouldSend ? 'bg-emerald-50 text-emerald-900' : 'bg-rose-50 text-rose-900'}`}
      >
        {result.delivery.wouldSend
          ? `Passes consent and filters for ${name}.`
          : `Would be filtered. ${result.delivery.reason}`}{' '}
        Outgoing size: {(result.outputBytes / 1024).toFixed(1)} KB.
        {result.keyFingerprint && (
          <>
            {' '}
            Encrypted with key <span className="break-all font-mono text-xs">{result.keyFingerprint}</span>.
          </>
        )}
      </p>
      {result.masked && (
        <p className="text-xs text-slate-600">Red and Yellow values are masked because you do not have PII access.</p>
      )}
      {result.warnings.length > 0 && (
        <section
          aria-labelledby="preview-warnings"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
        >
          <h3 id="preview-warnings" className="font-semibold">
            Warnings
          </h3>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {result.warnings.map((w) => (
              <li key={w.code}>
                {w.message}
                {w.paths.length > 0 && <span className="block font-mono text-xs">{w.paths.join(', ')}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <table className="w-full text-left text-sm">
        <caption className="mb-1 text-left text-sm font-semibold">What happens to each field</caption>
        <thead className="text-xs text-slate-600">
          <tr>
            <th scope="col" className="py-1 pr-3">
              Field
            </th>
            <th scope="col" className="pr-3">
              Classification
            </th>
            <th scope="col" className="pr-3">
              Sent as
            </th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {result.fields.map((f) => (
            <tr key={`${f.label}:${f.path}`} className="border-t border-slate-100">
              <td className="py-1 pr-3 font-mono text-xs">{f.path}</td>
              <td className="pr-3 text-xs">{f.color ? COLOR[f.color] : '—'}</td>
              <td className="pr-3">
                <span className={`rounded px-2 py-0.5 text-xs font-medium ${BADGE[f.label]}`}>{f.label}</span>
              </td>
              <td className="text-xs text-slate-600">
                {f.note ??
                  (f.label !== 'clear' && f.label !== 'dropped' && f.originalType !== 'string'
                    ? `${f.originalType} → string`
                    : '')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex flex-col gap-4 lg:flex-row">
        <Json
          id="preview-input"
          label={
            result.input.kind === 'debugger'
              ? 'Input (Source Debugger event, after blocking at source)'
              : 'Input (pasted, after blocking at source)'
          }
          value={result.input.event}
        />
        <Json id="preview-output" label={`Output (what ${name} receives)`} value={result.output} />
      </div>
    </div>
  );
}
