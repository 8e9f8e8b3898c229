'use client';
import { useEffect, useId, useRef } from 'react';

/**
 * Accessible modal: labelled by its title, focus moves in on open and back to
 * the element that had it (the opener) on close, Escape closes (unless
 * `dismissible` is false), Tab stays inside.
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
  role = 'dialog',
  dismissible = true,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: React.ReactNode;
  role?: 'dialog' | 'alertdialog';
  dismissible?: boolean;
}) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  // Callers pass a new onClose each render: read the latest through a ref, so
  // the effect below runs once per opening. Re-running it would move focus back
  // to the first control on every render and, worse, take an element inside the
  // dialog for the opener.
  const latest = useRef({ onClose, dismissible });
  useEffect(() => {
    latest.current = { onClose, dismissible };
  });
  useEffect(() => {
    if (!open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // Nothing to focus yet (its content is still loading): the dialog itself takes focus.
    (ref.current?.querySelector<HTMLElement>('input, select, textarea, button, [href]') ?? ref.current)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && latest.current.dismissible) latest.current.onClose();
      if (e.key !== 'Tab' || !ref.current) return;
      const items = Array.from(
        ref.current.querySelectorAll<HTMLElement>('input, select, textarea, button, [href]'),
      ).filter((el) => !el.hasAttribute('disabled'));
      if (items.length === 0) return;
      const [a, z] = [items[0], items[items.length - 1]];
      if (e.shiftKey && document.activeElement === a) {
        e.preventDefault();
        z.focus();
      } else if (!e.shiftKey && document.activeElement === z) {
        e.preventDefault();
        a.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      // The opener may be gone (its row was deleted); then focus stays where the browser put it.
      // Nor is focus taken from another dialog that is open now.
      const inDialog = document.activeElement?.closest('[aria-modal="true"]');
      if (opener?.isConnected && !inDialog) opener.focus();
    };
  }, [open]);
  if (!open) return null;
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40 p-4">
      <div
        ref={ref}
        role={role}
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        tabIndex={-1}
        className="max-h-[90vh] w-full max-w-lg overflow-auto rounded-lg bg-white p-6 shadow-xl focus:outline-none"
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        <div className="mt-3">{children}</div>
      </div>
    </div>
  );
}

// Server components import these from './styles' directly: through this 'use client' module they
// would get a client reference, not the strings.
export { buttonClass, inputClass } from './styles';
