'use client';
import { BROWSER_MODULUS_CHOICES, type ModulusBits } from '@/lib/crypto/browser-keys';

const LABEL: Record<ModulusBits, string> = {
  2048: '2048 bits (faster, 112-bit security)',
  3072: '3072 bits (recommended, 128-bit security)',
  4096: '4096 bits (slower)',
};

export function ModulusSelect({
  id,
  value,
  onChange,
  disabled,
}: {
  id: string;
  value: ModulusBits;
  onChange: (v: ModulusBits) => void;
  disabled?: boolean;
}) {
  return (
    <span className="inline-flex items-center gap-2 text-sm">
      <label htmlFor={id} className="font-medium">
        Key size
      </label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(Number(e.target.value) as ModulusBits)}
        className="rounded-md border border-slate-300 px-2 py-1"
      >
        {[3072, 2048, 4096]
          .filter((b): b is ModulusBits => (BROWSER_MODULUS_CHOICES as readonly number[]).includes(b))
          .map((b) => (
            <option key={b} value={b}>
              {LABEL[b]}
            </option>
          ))}
      </select>
    </span>
  );
}
