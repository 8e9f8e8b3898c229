'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

// Screens that can show or route PHI: sources (and the debugger under them),
// destinations, the Privacy Portal and the audit log.
const PHI_SECTIONS = ['sources', 'destinations', 'privacy', 'audit'];

export function isPhiPath(pathname: string): boolean {
  const m = /^\/w\/[^/]+\/([^/]+)/.exec(pathname);
  return Boolean(m && PHI_SECTIONS.includes(m[1]));
}

/** Shown while the workspace's BAA is revoked and no new one is on record. */
export function BaaBanner({ workspaceId, revokedOn }: { workspaceId: string; revokedOn: string | null }) {
  const pathname = usePathname();
  if (!revokedOn || !isPhiPath(pathname)) return null;
  return (
    <div
      role="alert"
      aria-label="BAA revoked"
      className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
    >
      <p className="font-semibold">
        The BAA for this workspace was revoked on {revokedOn}. This workspace is not HIPAA eligible.
      </p>
      <p className="mt-1">
        Do not send or view PHI here until a new Business-tier BAA is recorded in{' '}
        <Link href={`/w/${workspaceId}/settings`} className="underline">
          Settings → General Settings
        </Link>
        .
      </p>
    </div>
  );
}
