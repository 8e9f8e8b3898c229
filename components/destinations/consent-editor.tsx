'use client';
import { useState, type FormEvent } from 'react';
import { useDestinationMutations } from '@/lib/queries/destinations';
import { consentInput } from '@/lib/schemas/destinations';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass, inputClass } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';

interface Row {
  id: string;
  name: string;
}

export function ConsentEditor({
  workspaceId,
  destinationId,
  initial,
}: {
  workspaceId: string;
  destinationId: string;
  initial: Row[];
}) {
  const { can } = useWorkspace();
  const write = can('destinations.write');
  const { consent: save } = useDestinationMutations(workspaceId, destinationId);
  const [rows, setRows] = useState<Row[]>(initial);
  const [error, setError] = useState<string | null>(null);
  const { notify } = useToast();

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const cleaned = rows.filter((r) => r.id.trim() || r.name.trim());
    const parsed = consentInput.safeParse({ categories: cleaned });
    if (!parsed.success) {
      setError(parsed.error.issues[0].message);
      return;
    }
    save.mutate(parsed.data.categories, {
      onSuccess: (d) => {
        setRows(d.consentCategories);
        notify('Consent categories saved');
      },
    });
  }
  const set = (i: number, patch: Partial<Row>) => {
    save.reset();
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };

  return (
    <form
      onSubmit={onSubmit}
      aria-label="Consent categories"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6"
      noValidate
    >
      <h2 className="text-lg font-semibold">Consent</h2>
      <div className="space-y-2 text-sm text-slate-700">
        <p>
          Map this destination to the consent categories of your consent manager (for OneTrust, ids like{' '}
          <code>C0001</code>). Events carry the end user&rsquo;s choices in{' '}
          <code>context.consent.categoryPreferences</code>.
        </p>
        <p>
          A destination mapped to several categories receives an event only when <strong>all</strong> of them are{' '}
          <code>true</code>. With no categories mapped, consent does not gate it. Events without a consent object flow
          to every destination unless the workspace blocks them.
        </p>
      </div>
      <table className="w-full max-w-2xl text-sm">
        <caption className="sr-only">Consent categories</caption>
        <thead className="text-left text-slate-600">
          <tr>
            <th scope="col" className="py-1">
              Category id
            </th>
            <th scope="col">Name</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td className="py-1 pr-2">
                <input
                  aria-label={`Category id ${i + 1}`}
                  value={r.id}
                  disabled={!write}
                  onChange={(e) => set(i, { id: e.target.value })}
                  className={inputClass}
                  placeholder="C0001"
                />
              </td>
              <td className="py-1 pr-2">
                <input
                  aria-label={`Category name ${i + 1}`}
                  value={r.name}
                  disabled={!write}
                  onChange={(e) => set(i, { name: e.target.value })}
                  className={inputClass}
                  placeholder="Analytics"
                />
              </td>
              <td>
                {write && (
                  <button
                    type="button"
                    onClick={() => {
                      save.reset();
                      setRows((rs) => rs.filter((_, j) => j !== i));
                    }}
                    className="text-sm text-red-700 hover:underline"
                  >
                    Remove<span className="sr-only"> category {i + 1}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={3} className="py-2 text-slate-500">
                No categories: consent does not gate this destination.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {(error || save.error) && (
        <p role="alert" className="text-sm text-red-700">
          {error ?? save.error?.message}
        </p>
      )}
      {write && (
        <div className="flex justify-between">
          <button
            type="button"
            onClick={() => setRows((rs) => [...rs, { id: '', name: '' }])}
            className={buttonClass.secondary}
          >
            Add category
          </button>
          <button type="submit" disabled={save.isPending} className={buttonClass.primary}>
            Save consent
          </button>
        </div>
      )}
    </form>
  );
}
