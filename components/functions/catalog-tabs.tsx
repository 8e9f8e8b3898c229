'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

/**
 * "Destinations | Functions" above the catalog. Links, not a widget: each tab is
 * its own URL, Tab reaches both, and a source chosen on the way in (a source's
 * "Add destination") travels with them.
 */
export function CatalogTabs({ workspaceId, sourceId }: { workspaceId: string; sourceId?: string | null }) {
  const pathname = usePathname();
  const base = `/w/${workspaceId}/destinations/catalog`;
  const query = sourceId ? `?sourceId=${encodeURIComponent(sourceId)}` : '';
  const tabs = [
    { path: base, label: 'Destinations' },
    { path: `${base}/functions`, label: 'Functions' },
  ];
  return (
    <nav aria-label="Catalog" className="mb-6 border-b border-slate-200">
      <ul className="-mb-px flex gap-4">
        {tabs.map((t) => {
          const active = pathname === t.path;
          return (
            <li key={t.path}>
              <Link
                href={`${t.path}${query}`}
                prefetch={false}
                aria-current={active ? 'page' : undefined}
                className={`inline-block border-b-2 px-1 py-2 text-sm ${active ? 'border-brand-600 font-semibold text-brand-800' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
              >
                {t.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
