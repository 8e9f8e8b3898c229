'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useWorkspace } from '@/components/shell/workspace-context';

export function SettingsNav({ workspaceId }: { workspaceId: string }) {
  const pathname = usePathname();
  const { can } = useWorkspace();
  const base = `/w/${workspaceId}/settings`;
  const items = [
    { href: base, label: 'General Settings', show: true },
    { href: `${base}/members`, label: 'Members', show: can('members.read') },
    { href: `${base}/security`, label: 'Security', show: true },
  ];
  return (
    <nav aria-label="Settings" className="w-full shrink-0 lg:w-48">
      <ul className="flex gap-1 lg:flex-col">
        {items
          .filter((i) => i.show)
          .map((i) => {
            const active = pathname === i.href;
            return (
              <li key={i.href}>
                <Link
                  href={i.href}
                  aria-current={active ? 'page' : undefined}
                  className={`block rounded-md px-3 py-2 text-sm ${active ? 'bg-white font-semibold shadow-sm' : 'text-slate-700 hover:bg-white'}`}
                >
                  {i.label}
                </Link>
              </li>
            );
          })}
      </ul>
    </nav>
  );
}
