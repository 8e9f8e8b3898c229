'use client';
import { useCallback, useState } from 'react';
import { inventoryExportUrl, useInventory, usePrivacyControls } from '@/lib/queries/privacy';
import { inputClass } from '@/components/ui/dialog';
import { ColorBadge, formatWhen } from './color';
import { FieldDetailDialog } from './field-detail-dialog';
import { COLOR_LABELS, COLORS, type ColorId, type InventoryFilter } from '@/lib/schemas/privacy';

export function InventoryView({ workspaceId }: { workspaceId: string }) {
  const [filter, setFilter] = useState<InventoryFilter>({});
  const [open, setOpen] = useState<string | null>(null);
  // Stable, so the dialog's focus trap is not re-armed (and focus moved) on every render.
  const close = useCallback(() => setOpen(null), []);
  const { data, error, isLoading } = useInventory(workspaceId, filter);
  const sources = usePrivacyControls(workspaceId).data?.sources ?? [];

  return (
    <section aria-labelledby="inventory-heading" className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <h2 id="inventory-heading" className="text-lg font-semibold">
            Inventory
          </h2>
          <p className="text-sm text-slate-600">
            Fields an owner has classified. Changes are forward-looking: they apply to events processed after them.
          </p>
        </div>
        <div className="shrink-0 text-right">
          <a
            href={inventoryExportUrl(workspaceId)}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
            download
          >
            Download CSV
          </a>
          <p className="mt-1 text-xs text-slate-500">All classified fields, ignoring filters. No sample values.</p>
        </div>
      </div>
      <form aria-label="Filter the inventory" className="flex flex-wrap gap-3" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor="inventory-color" className="block text-sm font-medium">
            Classification
          </label>
          <select
            id="inventory-color"
            className={inputClass}
            value={filter.color ?? ''}
            onChange={(e) => setFilter((f) => ({ ...f, color: (e.target.value || undefined) as ColorId | undefined }))}
          >
            <option value="">All</option>
            {COLORS.map((c) => (
              <option key={c} value={c}>
                {COLOR_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="inventory-source" className="block text-sm font-medium">
            Source
          </label>
          <select
            id="inventory-source"
            className={inputClass}
            value={filter.sourceId ?? ''}
            onChange={(e) => setFilter((f) => ({ ...f, sourceId: e.target.value || undefined }))}
          >
            <option value="">All sources</option>
            {sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      {isLoading ? (
        <p>Loading the Inventory…</p>
      ) : error ? (
        <p role="alert" className="text-red-700">
          {(error as Error).message}
        </p>
      ) : data!.fields.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
          No classified fields
          {filter.color || filter.sourceId ? ' match these filters' : ' yet: classify fields from the Inbox'}.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Classified fields</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Key path
                </th>
                <th scope="col" className="px-3 py-2">
                  Classification
                </th>
                <th scope="col" className="px-3 py-2">
                  Sources
                </th>
                <th scope="col" className="px-3 py-2">
                  Events
                </th>
                <th scope="col" className="px-3 py-2">
                  Last seen
                </th>
                <th scope="col" className="px-3 py-2">
                  Classified
                </th>
              </tr>
            </thead>
            <tbody>
              {data!.fields.map((f) => (
                <tr key={f.id} className="border-t border-slate-100 align-top">
                  <th scope="row" className="px-3 py-2 text-left font-normal">
                    <button
                      type="button"
                      className="font-mono text-brand-800 hover:underline"
                      onClick={() => setOpen(f.id)}
                    >
                      {f.keyPath}
                      <span className="sr-only"> details</span>
                    </button>
                  </th>
                  <td className="px-3 py-2">
                    <ColorBadge color={f.classification} />
                  </td>
                  <td className="px-3 py-2">{f.sources.map((s) => s.name).join(', ') || '—'}</td>
                  <td className="px-3 py-2">
                    <div>{f.events.join(', ')}</div>
                    <div className="text-xs text-slate-500">{f.count.toLocaleString()} total</div>
                  </td>
                  <td className="px-3 py-2 text-xs text-slate-600">{formatWhen(f.lastSeenAt)}</td>
                  <td className="px-3 py-2 text-xs text-slate-600">
                    <div>{f.classifiedBy ?? '—'}</div>
                    <div>{formatWhen(f.classifiedAt)}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FieldDetailDialog workspaceId={workspaceId} fieldId={open} onClose={close} />
    </section>
  );
}
