import type { BaaStatus } from '@/lib/destinations/catalog';

export interface ExposedField {
  keyPath: string;
  classification: 'red' | 'yellow';
}

/**
 * The PHI blast-radius warning: Red/Yellow fields that would reach a
 * destination without a signed BAA in clear. Renders nothing when there are none.
 */
export function BlastWarning({
  destinationName,
  baa,
  fields,
  compact = false,
}: {
  destinationName: string;
  baa: BaaStatus;
  fields: ExposedField[];
  compact?: boolean;
}) {
  if (fields.length === 0) return null;
  const why = baa === 'you_decide' ? 'no BAA has been confirmed for it' : 'it does not sign a BAA';
  const list = (
    <ul className="mt-1 flex flex-wrap gap-1">
      {fields.map((f) => (
        <li
          key={f.keyPath}
          className={`rounded px-1.5 py-0.5 font-mono text-xs ${f.classification === 'red' ? 'bg-red-600 text-white' : 'bg-amber-300 text-amber-950'}`}
        >
          {f.keyPath}
          <span className="sr-only"> ({f.classification})</span>
        </li>
      ))}
    </ul>
  );
  if (compact) {
    return (
      <div
        role="alert"
        aria-label={`PHI warning for ${destinationName}`}
        className="mt-1 rounded border border-red-300 bg-red-50 p-2 text-xs text-red-900"
      >
        <span className="font-semibold">PHI in clear:</span> {fields.length} sensitive field
        {fields.length === 1 ? '' : 's'}, {why}.{list}
      </div>
    );
  }
  return (
    <div
      role="alert"
      aria-label={`PHI warning for ${destinationName}`}
      className="mb-4 rounded-md border-2 border-red-400 bg-red-50 p-4 text-sm text-red-900"
    >
      <p className="font-semibold">
        {destinationName} would receive {fields.length} Red/Yellow field{fields.length === 1 ? '' : 's'} in clear, and{' '}
        {why}.
      </p>
      {list}
      <p className="mt-2">
        Encrypt or hash these fields (Data Encryption tab), block Red fields at the source, or disconnect the
        destination. If a BAA does cover it, an owner can record that in Settings.
      </p>
    </div>
  );
}
