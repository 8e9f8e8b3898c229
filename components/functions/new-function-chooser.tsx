'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { FUNCTION_TEMPLATES } from '@/lib/functions/templates';
import type { FunctionKind } from '@/lib/functions/types';
import { buttonClass } from '@/components/ui/dialog';

const KINDS: { kind: FunctionKind; label: string; help: string }[] = [
  {
    kind: 'destination',
    label: 'Destination',
    help: 'Receives each event from a source and sends it anywhere with fetch(). Connect it from a source like a destination.',
  },
  {
    kind: 'insert',
    label: 'Insert',
    help: "Changes or drops events before a catalog destination receives them, after consent and before that destination's encryption.",
  },
];

/** New Function, step 1: the kind and a starting point; Build opens the editor on that (unsaved) code. */
export function NewFunctionChooser({ workspaceId }: { workspaceId: string }) {
  const router = useRouter();
  const [kind, setKind] = useState<FunctionKind | null>(null);
  const [template, setTemplate] = useState('blank');
  const [error, setError] = useState<string | null>(null);
  const templates = FUNCTION_TEMPLATES.filter((t) => t.kind === kind);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!kind) {
      setError('Choose Destination or Insert.');
      return;
    }
    const q = new URLSearchParams({ kind, template });
    router.push(`/w/${workspaceId}/destinations/catalog/functions/new?${q}`);
  }

  return (
    <form onSubmit={onSubmit} aria-label="New Function" className="space-y-6">
      <fieldset className="rounded-lg border border-slate-200 bg-white p-6">
        <legend className="px-1 text-lg font-semibold">Function type</legend>
        <div className="mt-2 grid gap-3 md:grid-cols-2">
          {KINDS.map((k) => (
            <label
              key={k.kind}
              className={`flex gap-3 rounded-md border p-4 text-sm ${kind === k.kind ? 'border-brand-600 bg-brand-50' : 'border-slate-200'}`}
            >
              <input
                type="radio"
                name="function-kind"
                value={k.kind}
                checked={kind === k.kind}
                aria-describedby={`kind-${k.kind}-help`}
                onChange={() => {
                  setKind(k.kind);
                  setTemplate('blank');
                  setError(null);
                }}
              />
              <span>
                <span className="block font-medium">{k.label}</span>
                <span id={`kind-${k.kind}-help`} className="block text-slate-600">
                  {k.help}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      {kind && (
        <fieldset className="rounded-lg border border-slate-200 bg-white p-6">
          <legend className="px-1 text-lg font-semibold">Start from</legend>
          <div className="mt-2 space-y-2">
            {[
              { id: 'blank', name: 'Blank', description: 'The smallest handler that runs; write the rest yourself.' },
              ...templates,
            ].map((t) => (
              <label key={t.id} className="flex gap-3 rounded-md border border-slate-200 p-3 text-sm">
                <input
                  type="radio"
                  name="function-template"
                  value={t.id}
                  checked={template === t.id}
                  aria-describedby={`template-${t.id}-help`}
                  onChange={() => setTemplate(t.id)}
                />
                <span>
                  <span className="block font-medium">{t.name}</span>
                  <span id={`template-${t.id}-help`} className="block text-slate-600">
                    {t.description}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Link href={`/w/${workspaceId}/destinations/catalog/functions`} className={buttonClass.secondary}>
          Cancel
        </Link>
        <button type="submit" className={buttonClass.primary}>
          Build
        </button>
      </div>
    </form>
  );
}
