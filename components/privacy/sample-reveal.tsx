'use client';
import { useState } from 'react';
import { useRevealSamples } from '@/lib/queries/privacy';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass } from '@/components/ui/dialog';
import { MAX_REVEAL } from '@/lib/schemas/privacy';

export interface SampleReveal {
  values: ReadonlyMap<string, string | null>;
  shown: boolean;
  pending: boolean;
  error: string | null;
  show: (fieldIds: string[]) => Promise<void>;
  hide: () => void;
}

/** Unmasked samples live only in component state: each reveal is a new audited request. */
export function useSampleReveal(workspaceId: string): SampleReveal {
  const reveal = useRevealSamples(workspaceId);
  const [values, setValues] = useState<ReadonlyMap<string, string | null>>(new Map());
  const [error, setError] = useState<string | null>(null);
  return {
    values,
    shown: values.size > 0,
    pending: reveal.isPending,
    error,
    show: async (fieldIds) => {
      setError(null);
      try {
        const r = await reveal.mutateAsync(fieldIds.slice(0, MAX_REVEAL));
        setValues(new Map(r.samples.map((s) => [s.fieldId, s.sample])));
      } catch (e) {
        setError((e as Error).message);
      }
    },
    hide: () => setValues(new Map()),
  };
}

/** "Show sample values" for viewers with PII access; a plain note for everyone else. */
export function SampleToggle({
  reveal,
  fieldIds,
  label = 'sample values',
}: {
  reveal: SampleReveal;
  fieldIds: string[];
  label?: string;
}) {
  const { can } = useWorkspace();
  if (!can('pii.unmasked')) {
    return (
      <p className="max-w-xs shrink-0 text-xs text-slate-600">
        Samples are masked. An owner can grant you PII access to see them.
      </p>
    );
  }
  return (
    <div className="shrink-0 text-right">
      {reveal.shown ? (
        <button type="button" className={buttonClass.secondary} onClick={reveal.hide}>
          Hide {label}
        </button>
      ) : (
        <button
          type="button"
          className={buttonClass.secondary}
          disabled={reveal.pending || fieldIds.length === 0}
          onClick={() => void reveal.show(fieldIds)}
        >
          Show {label}
        </button>
      )}
      <p className="mt-1 text-xs text-slate-500">Viewing unmasked values is recorded in the audit log.</p>
      {reveal.error && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {reveal.error}
        </p>
      )}
    </div>
  );
}
