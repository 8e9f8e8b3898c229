'use client';
import { useState, type FormEvent } from 'react';
import { Dialog, buttonClass, inputClass } from '@/components/ui/dialog';

/** "Type the name to delete": the button stays disabled until the exact name is typed. */
export function TypedConfirmDialog({
  open,
  title,
  name,
  onClose,
  onConfirm,
  pending,
  error,
  children,
  action = 'Delete',
}: {
  open: boolean;
  title: string;
  name: string;
  onClose: () => void;
  onConfirm: (typed: string) => void;
  pending?: boolean;
  error?: string | null;
  children?: React.ReactNode;
  action?: string;
}) {
  const [typed, setTyped] = useState('');
  const close = () => {
    setTyped('');
    onClose();
  };
  function submit(e: FormEvent) {
    e.preventDefault();
    if (typed === name) onConfirm(typed);
  }
  return (
    <Dialog open={open} title={title} onClose={close} role="alertdialog">
      <form onSubmit={submit} className="space-y-4 text-sm">
        {children}
        <div>
          <label htmlFor="typed-confirm" className="block font-medium">
            Type <span className="font-mono font-semibold">{name}</span> to confirm
          </label>
          <input
            id="typed-confirm"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            className={inputClass}
          />
        </div>
        {error && (
          <p role="alert" className="text-red-700">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={close} className={buttonClass.secondary}>
            Cancel
          </button>
          <button type="submit" disabled={typed !== name || pending} className={buttonClass.danger}>
            {pending ? `${action}…` : action}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
