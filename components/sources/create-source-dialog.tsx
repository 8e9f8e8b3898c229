'use client';
import { useState, type FormEvent } from 'react';
import { useCreateSource } from '@/lib/queries/sources';
import { fieldErrorsOf } from '@/lib/queries/field-errors';
import { SOURCE_TYPES, SOURCE_TYPE_LABELS, type SourceTypeId } from '@/lib/schemas/sources';
import { Dialog, buttonClass, inputClass } from '@/components/ui/dialog';
import { WriteKeyDialog } from './write-key-dialog';

const TYPE_HELP: Record<SourceTypeId, string> = {
  http_api: 'Send events from any server with an HTTP POST to the tracking API.',
  nodejs: 'Use @segment/analytics-node pointed at this console.',
  website: 'analytics.js in the browser. Browsers are not a safe place for PHI.',
};

export function CreateSourceDialog({
  workspaceId,
  open,
  onClose,
}: {
  workspaceId: string;
  open: boolean;
  onClose: () => void;
}) {
  const create = useCreateSource(workspaceId);
  const [name, setName] = useState('');
  const [type, setType] = useState<SourceTypeId>('http_api');
  const errors = fieldErrorsOf(create.error);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await create.mutateAsync({ name, type }).catch(() => null);
  }

  function finish() {
    // Drop the write key from the mutation cache as well as from the screen.
    create.reset();
    setName('');
    setType('http_api');
    onClose();
  }

  const created = create.data;
  return (
    <>
      <Dialog open={open && !created} title="Add source" onClose={finish}>
        <form onSubmit={onSubmit} className="space-y-4 text-sm" noValidate>
          <div>
            <label htmlFor="source-name" className="block font-medium">
              Source name
            </label>
            <input
              id="source-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={100}
              className={inputClass}
              aria-invalid={Boolean(errors.name)}
            />
            {errors.name && <p className="mt-1 text-xs text-red-700">{errors.name}</p>}
          </div>
          <fieldset>
            <legend className="font-medium">Source type</legend>
            <div className="mt-1 space-y-2">
              {SOURCE_TYPES.map((t) => (
                <label key={t} className="flex items-start gap-2 rounded-md border border-slate-200 p-2">
                  <input
                    type="radio"
                    name="source-type"
                    value={t}
                    checked={type === t}
                    onChange={() => setType(t)}
                    className="mt-1"
                  />
                  <span>
                    <span className="font-medium">{SOURCE_TYPE_LABELS[t]}</span>
                    <span className="block text-xs text-slate-600">{TYPE_HELP[t]}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <p className="rounded-md bg-brand-50 p-3 text-brand-800">
            For PHI, collect on the server (HTTP API or Node.js): the write key stays secret, and nothing sensitive
            passes through a browser.
          </p>
          {create.error && !errors.name && (
            <p role="alert" className="text-red-700">
              {create.error.message}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" onClick={finish} className={buttonClass.secondary}>
              Cancel
            </button>
            <button type="submit" disabled={create.isPending} className={buttonClass.primary}>
              Create source
            </button>
          </div>
        </form>
      </Dialog>
      <WriteKeyDialog writeKey={created?.writeKey ?? null} sourceName={created?.source.name ?? ''} onClose={finish} />
    </>
  );
}
