import { notFound } from 'next/navigation';
import { catalogEntry } from '@/lib/destinations/catalog';
import { DestinationLogo } from '@/components/destinations/destination-logo';
import { BaaBadge } from '@/components/destinations/baa-badge';

export function entryOr404(catalogId: string) {
  const entry = catalogEntry(catalogId);
  if (!entry) notFound();
  return entry;
}

/** Header of the add-destination flow: what is being added, and which step this is. */
export function AddSteps({ catalogId, step }: { catalogId: string; step: 1 | 2 }) {
  const e = entryOr404(catalogId);
  const steps = ['Select data source', 'Setup'];
  return (
    <div className="mb-6 space-y-4">
      <div className="flex items-center gap-3">
        <DestinationLogo catalogId={e.id} size="lg" />
        <div>
          <h1 className="text-2xl font-semibold">Add {e.name}</h1>
          <p className="text-sm text-slate-600">
            {e.category} · {e.cloudModeStreaming ? 'Cloud-mode streaming' : 'Batch loads (no cloud-mode streaming)'}
          </p>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <BaaBadge status={e.baa} />
        <span className="text-slate-600">{e.baaNote}</span>
      </div>
      <ol aria-label="Steps" className="flex gap-4 text-sm">
        {steps.map((s, i) => (
          <li
            key={s}
            aria-current={i + 1 === step ? 'step' : undefined}
            className={i + 1 === step ? 'font-semibold text-brand-800' : 'text-slate-500'}
          >
            {i + 1}. {s}
          </li>
        ))}
      </ol>
    </div>
  );
}
