import { COLOR_LABELS, COLOR_MEANINGS, COLORS, type ColorId } from '@/lib/schemas/privacy';

const BADGE: Record<ColorId, string> = {
  red: 'bg-red-100 text-red-800 ring-red-300',
  yellow: 'bg-amber-100 text-amber-900 ring-amber-300',
  green: 'bg-emerald-100 text-emerald-800 ring-emerald-300',
};

/** Colour is never the only signal: the badge always carries its name. */
export function ColorBadge({ color, suffix }: { color: ColorId | null; suffix?: string }) {
  if (!color) return <span className="text-slate-500">None</span>;
  return (
    <span
      title={COLOR_MEANINGS[color]}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ${BADGE[color]}`}
    >
      {COLOR_LABELS[color]}
      {suffix ? ` ${suffix}` : ''}
    </span>
  );
}

export function ColorSelect({
  id,
  label,
  value,
  onChange,
  colors = COLORS,
  disabled,
  srOnlyLabel = true,
}: {
  id: string;
  label: string;
  value: ColorId;
  onChange: (c: ColorId) => void;
  colors?: readonly ColorId[];
  disabled?: boolean;
  srOnlyLabel?: boolean;
}) {
  return (
    <span className="inline-flex items-center gap-2">
      <label htmlFor={id} className={srOnlyLabel ? 'sr-only' : 'text-sm font-medium'}>
        {label}
      </label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value as ColorId)}
        className="rounded border border-slate-300 px-2 py-1 text-sm"
      >
        {colors.map((c) => (
          <option key={c} value={c}>
            {COLOR_LABELS[c]}
          </option>
        ))}
      </select>
    </span>
  );
}

export function formatWhen(iso: string | null): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
