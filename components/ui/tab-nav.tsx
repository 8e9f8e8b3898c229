'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

/**
 * Route-based tabs (each tab is its own URL, so it can be linked and reloaded).
 * No prefetching: some tabs are audited PHI reads, and a prefetch must not
 * count as the user viewing them.
 */
export function TabNav({ label, tabs }: { label: string; tabs: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="mb-6 border-b border-slate-200">
      <ul className="-mb-px flex gap-4">
        {tabs.map((t) => {
          const active = pathname === t.href;
          return (
            <li key={t.href}>
              <Link
                href={t.href}
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
