'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export function PrivacyTabs({ workspaceId }: { workspaceId: string }) {
  const pathname = usePathname();
  const base = `/w/${workspaceId}/privacy`;
  const tabs = [
    { href: base, label: 'Inbox' },
    { href: `${base}/inventory`, label: 'Inventory' },
    { href: `${base}/detection`, label: 'Detection' },
    { href: `${base}/controls`, label: 'Privacy Controls' },
  ];
  return (
    <nav aria-label="Privacy Portal" className="mb-6 border-b border-slate-200">
      <ul className="-mb-px flex gap-4">
        {tabs.map((t) => {
          const active = pathname === t.href;
          return (
            <li key={t.href}>
              <Link
                href={t.href}
                aria-current={active ? 'page' : undefined}
                className={`inline-block border-b-2 px-1 pb-2 text-sm ${active ? 'border-brand-600 font-semibold text-brand-800' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
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
