'use client';
import type { Ref } from 'react';
import { inputClass } from '@/components/ui/dialog';

/**
 * The "current code" every two-factor change asks for (a code from the current
 * authenticator app or a recovery code), with its error right under it.
 */
export function CurrentCodeField({
  id,
  error,
  inputRef,
}: {
  id: string;
  error: string | null;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const errorId = `${id}-error`;
  return (
    <div>
      <label htmlFor={id} className="block font-medium">
        Current code (from your current app, or a recovery code)
      </label>
      <input
        ref={inputRef}
        id={id}
        name="currentCode"
        autoComplete="one-time-code"
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className={inputClass}
      />
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
