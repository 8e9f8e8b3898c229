'use client';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';

/** How long a confirmation stays on screen (it stays while hovered or focused). */
const TOAST_MS = 6000;
/** At most this many confirmations at once; a new one pushes the oldest out. */
const MAX_TOASTS = 3;

interface Toast {
  id: number;
  message: string;
}
type Notify = (message: string) => void;

const ToastCtx = createContext<Notify | null>(null);

/**
 * The console's one place for "it worked": every save confirms here. The
 * container is an aria-live region that is always in the page (a live region
 * added together with its text is often not announced), and each message is a
 * role="status" inside it, so screen readers read it out politely. Errors stay
 * next to what failed (role="alert"), where they can be fixed.
 */
export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(0);
  const notify = useCallback<Notify>((message) => {
    const id = ++next.current;
    setToasts((ts) => [...ts.slice(-(MAX_TOASTS - 1)), { id, message }]);
  }, []);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  return (
    <ToastCtx.Provider value={notify}>
      {children}
      <div
        aria-live="polite"
        className="pointer-events-none fixed bottom-4 right-4 z-[60] flex w-full max-w-sm flex-col items-end gap-2"
      >
        {toasts.map((t) => (
          <ToastItem key={t.id} toast={t} onDismiss={dismiss} />
        ))}
      </div>
    </ToastCtx.Provider>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (held) return;
    const t = window.setTimeout(() => onDismiss(toast.id), TOAST_MS);
    return () => window.clearTimeout(t);
  }, [held, toast.id, onDismiss]);
  return (
    <div
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
      className="pointer-events-auto flex items-start gap-3 rounded-md bg-slate-900 px-4 py-3 text-sm text-white shadow-lg"
    >
      <p role="status">{toast.message}</p>
      <button
        type="button"
        aria-label="Dismiss notification"
        onClick={() => onDismiss(toast.id)}
        className="-my-0.5 rounded px-1 text-slate-300 hover:text-white"
      >
        <span aria-hidden>×</span>
      </button>
    </div>
  );
}

/** `notify("Settings saved")`: a confirmation in the console's status region. */
export function useToast(): { notify: Notify } {
  const notify = useContext(ToastCtx);
  if (!notify) throw new Error('useToast outside ToastProvider');
  return useMemo(() => ({ notify }), [notify]);
}
