'use client';
import type { HashModeInput } from '@/lib/schemas/encryption';

/** HMAC-SHA256 (recommended) or plain SHA-256, labelled as weaker. */
export function HashModeRadio({
  name,
  value,
  onChange,
  disabled,
}: {
  name: string;
  value: HashModeInput;
  onChange: (v: HashModeInput) => void;
  disabled?: boolean;
}) {
  return (
    <fieldset className="space-y-2 text-sm" disabled={disabled}>
      <legend className="font-medium">Hash function</legend>
      <label className="flex items-start gap-2">
        <input
          type="radio"
          name={name}
          value="hmac"
          checked={value === 'hmac'}
          onChange={() => onChange('hmac')}
          className="mt-1"
        />
        <span>
          HMAC-SHA256 with a per-destination secret (recommended)
          <span className="block text-xs text-slate-600">
            Without the secret, nobody can check a guessed value against the hash.
          </span>
        </span>
      </label>
      <label className="flex items-start gap-2">
        <input
          type="radio"
          name={name}
          value="sha256"
          checked={value === 'sha256'}
          onChange={() => onChange('sha256')}
          className="mt-1"
        />
        <span>
          Plain SHA-256 (weaker)
          <span className="block text-xs text-amber-800">
            Guessable for low-entropy values: anyone can hash candidate emails, phone numbers or birthdates and compare.
            Use only where the destination’s matching requires unkeyed SHA-256.
          </span>
        </span>
      </label>
    </fieldset>
  );
}
