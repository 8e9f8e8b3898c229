'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

/**
 * "N new fields arrived since you last looked". The count comes from the server
 * (fields first seen after this member last opened the Inbox). The Inbox shows its
 * own banner, computed before it marks the Inbox seen, so this one stays off there.
 */
export function NewFieldsBanner({ workspaceId, count }: { workspaceId: string; count: number }) {
  const pathname = usePathname();
  const inbox = `/w/${workspaceId}/privacy`;
  if (count === 0 || pathname === inbox) return null;
  return <FieldsBanner count={count} href={inbox} />;
}

export function FieldsBanner({ count, href }: { count: number; href?: string }) {
  return (
    <div
      role="status"
      className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <span>{count === 1 ? '1 new field arrived' : `${count} new fields arrived`} since you last looked.</span>
      {href && (
        <Link href={href} className="font-medium underline">
          Review them in the Inbox
        </Link>
      )}
    </div>
  );
}
