'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { NAV_ITEMS } from './nav-items';
import type { Permission } from '@/lib/permissions';

export function Sidebar({
  workspaceId,
  permissions,
  badges = {},
}: {
  workspaceId: string;
  permissions: Permission[];
  badges?: Record<string, number>;
}) {
  const pathname = usePathname();
  const allowed = new Set(permissions);
  return (
    <nav aria-label="Workspace" className="flex flex-col gap-1 p-3">
      {NAV_ITEMS.filter((i) => allowed.has(i.permission)).map((item) => {
        const href = `/w/${workspaceId}/${item.segment}`;
        const active = pathname === href || pathname.startsWith(`${href}/`);
        const badge = badges[item.segment];
        return (
          <Link
            key={item.segment}
            href={href}
            aria-current={active ? 'page' : undefined}
            className={`flex items-center justify-between rounded-md px-3 py-2 text-sm ${active ? 'bg-brand-50 font-semibold text-brand-800' : 'text-slate-700 hover:bg-slate-100'}`}
          >
            {item.label}
            {badge ? (
              <span
                className="rounded-full bg-amber-700 px-2 text-xs font-semibold text-white"
                aria-label={`${badge} new`}
              >
                {badge}
              </span>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );
}
