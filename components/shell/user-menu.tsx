'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { broadcastLogout } from '@/lib/session-activity';

export function UserMenu({ name, email, role }: { name: string; email: string; role: string }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    const onClick = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  async function signOut() {
    await fetch('/api/session/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"reason":"signed_out"}',
    }).catch(() => null);
    broadcastLogout('signed_out');
    queryClient.clear();
    window.location.replace('/login?reason=signed_out');
  }

  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-100"
      >
        <span
          aria-hidden
          className="flex h-7 w-7 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold"
        >
          {name.slice(0, 1).toUpperCase()}
        </span>
        <span>{name}</span>
        <span className="sr-only">User menu</span>
      </button>
      {open && (
        <div
          role="menu"
          aria-label="User menu"
          className="absolute right-0 z-40 mt-1 w-64 rounded-md border border-slate-200 bg-white p-2 shadow-lg"
        >
          <div className="px-2 py-1 text-xs text-slate-500">
            Signed in as
            <br />
            <span className="text-sm text-slate-900">{email}</span>
            <br />
            Role: {role}
          </div>
          <button
            type="button"
            role="menuitem"
            onClick={() => void signOut()}
            className="mt-1 w-full rounded px-2 py-1.5 text-left text-sm hover:bg-slate-100"
          >
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
