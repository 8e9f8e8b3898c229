'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useCreateWorkspace } from '@/lib/queries/workspaces';
import { fieldErrorsOf } from '@/lib/queries/field-errors';
import { buttonClass, inputClass } from '@/components/ui/dialog';

export function CreateWorkspaceForm({ cancelHref }: { cancelHref: string | null }) {
  const router = useRouter();
  const create = useCreateWorkspace();
  const [name, setName] = useState('');
  const errors = fieldErrorsOf(create.error);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const ws = await create.mutateAsync({ name }).catch(() => null);
    if (ws) router.push(`/w/${ws.id}/overview`);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <div>
        <label htmlFor="workspace-name" className="block text-sm font-medium">
          Workspace name
        </label>
        <input
          id="workspace-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          required
          autoFocus
          aria-invalid={Boolean(errors.name)}
          aria-describedby="workspace-name-help"
          className={inputClass}
        />
        <p id="workspace-name-help" className="mt-1 text-xs text-slate-500">
          You become the owner. The URL slug is derived from the name.
        </p>
      </div>
      {create.error && (
        <p role="alert" className="text-sm text-red-700">
          {errors.name ?? create.error.message}
        </p>
      )}
      <div className="flex justify-end gap-2">
        {cancelHref && (
          <a href={cancelHref} className={buttonClass.secondary}>
            Cancel
          </a>
        )}
        <button type="submit" disabled={create.isPending || create.isSuccess} className={buttonClass.primary}>
          {create.isPending ? 'Creating…' : 'Create workspace'}
        </button>
      </div>
    </form>
  );
}
