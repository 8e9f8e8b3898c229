'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useRenameWorkspace } from '@/lib/queries/workspaces';
import { fieldErrorsOf } from '@/lib/queries/field-errors';
import { buttonClass, inputClass } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';

export function RenameWorkspaceForm({ workspaceId, name }: { workspaceId: string; name: string }) {
  const router = useRouter();
  const rename = useRenameWorkspace(workspaceId);
  const { notify } = useToast();
  const [value, setValue] = useState(name);
  const error = rename.error ? (fieldErrorsOf(rename.error).name ?? rename.error.message) : null;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const ok = await rename.mutateAsync({ name: value }).then(
      () => true,
      () => false,
    );
    // The name also shows in the switcher and the page title: re-render the server parts.
    if (ok) {
      notify('Workspace renamed');
      router.refresh();
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex max-w-xl items-end gap-2" noValidate>
      <div className="flex-1">
        <label htmlFor="ws-name" className="block text-sm font-medium">
          Workspace name
        </label>
        <input
          id="ws-name"
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            rename.reset();
          }}
          maxLength={100}
          className={inputClass}
          aria-invalid={Boolean(error)}
        />
      </div>
      <button type="submit" disabled={rename.isPending || value.trim() === name} className={buttonClass.primary}>
        Save
      </button>
      {error && (
        <p role="alert" className="basis-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
