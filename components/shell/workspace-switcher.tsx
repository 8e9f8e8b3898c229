'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';

export function WorkspaceSwitcher({
  current,
  workspaces,
}: {
  current: string;
  workspaces: { id: string; name: string }[];
}) {
  const router = useRouter();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="workspace-switcher" className="sr-only">
        Workspace
      </label>
      <select
        id="workspace-switcher"
        value={current}
        onChange={(e) => router.push(`/w/${e.target.value}/overview`)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm font-medium"
      >
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
      <Link
        href="/workspaces/new"
        className="rounded-md px-2 py-1.5 text-sm text-brand-700 hover:bg-brand-50 hover:underline"
      >
        Create workspace
      </Link>
    </div>
  );
}
