'use client';
import { useState } from 'react';
import { buttonClass } from '@/components/ui/dialog';

/** Copies `value` to the clipboard; says so in a live region (or asks for Ctrl+C when the browser refuses). */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" onClick={() => void copy()} className={buttonClass.secondary}>
        {label}
      </button>
      <span role="status" className="text-xs text-slate-600">
        {state === 'copied'
          ? 'Copied'
          : state === 'failed'
            ? 'Copy blocked by the browser: select the text and press Ctrl+C'
            : ''}
      </span>
    </span>
  );
}
