'use client';
import Link from 'next/link';
import { useState } from 'react';
import { CATEGORIES, searchCatalog } from '@/lib/destinations/catalog';
import { useWorkspace } from '@/components/shell/workspace-context';
import { inputClass } from '@/components/ui/dialog';
import { DestinationLogo } from './destination-logo';
import { BaaBadge } from './baa-badge';

export function CatalogBrowser({ workspaceId, sourceId }: { workspaceId: string; sourceId?: string | null }) {
  const { can } = useWorkspace();
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState('');
  const results = searchCatalog(query, category || undefined);
  return (
    <>
      <div className="mb-4 flex flex-wrap gap-3">
        <div className="min-w-64 flex-1">
          <label htmlFor="catalog-search" className="block text-sm font-medium">
            Search destinations
          </label>
          <input
            id="catalog-search"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            className={inputClass}
            placeholder="Mixpanel, warehouse, webhook…"
          />
        </div>
        <div>
          <label htmlFor="catalog-category" className="block text-sm font-medium">
            Category
          </label>
          <select
            id="catalog-category"
            value={category}
            onChange={(e) => setCategory(e.target.value)}
            className={inputClass}
          >
            <option value="">All categories</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p role="status" className="mb-2 text-sm text-slate-600">
        {results.length} destination{results.length === 1 ? '' : 's'}
      </p>
      <ul aria-label="Destination catalog" className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3">
        {results.map((e) => {
          const body = (
            <>
              <div className="flex items-center gap-3">
                <DestinationLogo catalogId={e.id} />
                <div>
                  <p className="font-semibold">{e.name}</p>
                  <p className="text-xs text-slate-600">
                    {e.category}
                    {e.cloudModeStreaming ? ' · Cloud-mode streaming' : ' · Batch'}
                  </p>
                </div>
              </div>
              <p className="mt-2 text-sm text-slate-700">{e.description}</p>
              <div className="mt-2">
                <BaaBadge status={e.baa} />
              </div>
            </>
          );
          return (
            <li key={e.id}>
              {can('destinations.write') ? (
                <Link
                  href={`/w/${workspaceId}/destinations/catalog/${e.id}${sourceId ? `?sourceId=${encodeURIComponent(sourceId)}` : ''}`}
                  aria-label={e.name}
                  className="block h-full rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600 hover:shadow-sm"
                >
                  {body}
                </Link>
              ) : (
                <div className="h-full rounded-lg border border-slate-200 bg-white p-4">{body}</div>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
