'use client';
import { useQueryClient } from '@tanstack/react-query';
import { usePathname } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  markActivity,
  noteUserInput,
  readLastActivity,
  sendHeartbeat,
  signOutOnce,
  subscribe,
} from '@/lib/session-activity';

const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Client half of the idle logout (the server enforces it regardless): warns a
 * minute before the limit with a live countdown, and at the limit signs out
 * every tab, drops all cached query data (PHI) and leaves the page.
 */
export function IdleTimer({ idleSeconds, warningSeconds }: { idleSeconds: number; warningSeconds: number }) {
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const [remaining, setRemaining] = useState<number | null>(null);
  // Two flags: `signingOut` is set before the sign-out request is sent, so the
  // ticks that come while it is pending send nothing more; `left` guards leaving.
  const signingOut = useRef(false);
  const left = useRef(false);
  const stayRef = useRef<HTMLButtonElement>(null);

  const leave = useCallback(
    (reason: string) => {
      if (left.current) return;
      left.current = true;
      queryClient.cancelQueries();
      queryClient.clear();
      // Blank the page at once so no PHI stays visible while navigation happens.
      document.body.setAttribute('data-signed-out', reason);
      const after = reason === 'idle' ? `&after=${Math.round(idleSeconds / 60)}` : '';
      window.location.replace(`/login?reason=${encodeURIComponent(reason)}${after}`);
    },
    [queryClient, idleSeconds],
  );

  const signOutIdle = useCallback(async () => {
    if (signingOut.current || left.current) return;
    signingOut.current = true;
    const send = () =>
      fetch('/api/session/logout', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'idle' }),
      }).catch(() => null);
    // One request for all tabs; another tab's broadcast makes this one leave meanwhile.
    await signOutOnce('idle', send).catch(() => false);
    leave('idle');
  }, [leave]);

  // A navigation reached the server and counted as activity there.
  useEffect(() => {
    markActivity();
  }, [pathname]);

  useEffect(() => {
    const onInput = () => noteUserInput();
    for (const e of INPUT_EVENTS) window.addEventListener(e, onInput, { passive: true, capture: true });
    const unsubscribe = subscribe((m) => {
      if (m.type === 'logout') leave(m.reason);
    });
    const onUnauth = (e: Event) => {
      const code = (e as CustomEvent<string>).detail;
      // While this idle sign-out is under way, a 401 is its own doing: the reason stays idle.
      if (signingOut.current) return leave('idle');
      leave(code === 'session_idle' ? 'idle' : code === 'session_expired' ? 'expired' : 'signed_out');
    };
    window.addEventListener('pc:unauthenticated', onUnauth);
    const tick = () => {
      const left = Math.ceil((readLastActivity() + idleSeconds * 1000 - Date.now()) / 1000);
      if (left <= 0) void signOutIdle();
      setRemaining(left <= warningSeconds ? Math.max(0, left) : null);
    };
    tick();
    const id = setInterval(tick, 1000);
    return () => {
      for (const e of INPUT_EVENTS) window.removeEventListener(e, onInput, { capture: true });
      window.removeEventListener('pc:unauthenticated', onUnauth);
      unsubscribe();
      clearInterval(id);
    };
  }, [idleSeconds, warningSeconds, leave, signOutIdle]);

  const open = remaining !== null;
  useEffect(() => {
    if (open) stayRef.current?.focus();
  }, [open]);
  if (!open) return null;
  const mm = Math.floor(remaining / 60);
  const ss = String(remaining % 60).padStart(2, '0');
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40 p-4">
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="idle-title"
        aria-describedby="idle-desc"
        className="w-full max-w-md rounded-lg bg-white p-6 shadow-xl"
      >
        <h2 id="idle-title" className="text-lg font-semibold">
          You will be signed out soon
        </h2>
        <p id="idle-desc" className="mt-2 text-sm text-slate-600">
          For HIPAA, sessions end after {Math.round(idleSeconds / 60)} minutes without activity. You will be signed out
          in{' '}
          <span role="timer" aria-live="polite" className="font-mono font-semibold">
            {mm}:{ss}
          </span>
          .
        </p>
        <div className="mt-5 flex justify-end gap-2">
          <button
            type="button"
            onClick={() => void signOutIdle()}
            className="rounded-md border border-slate-300 px-3 py-2 text-sm"
          >
            Sign out now
          </button>
          <button
            ref={stayRef}
            type="button"
            onClick={() => void sendHeartbeat()}
            className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
          >
            Stay signed in
          </button>
        </div>
      </div>
    </div>
  );
}
