// Times are stored and exported in UTC. The UI shows either UTC or the browser's
// zone, always labelled, and converts the zone-less datetime-local inputs to UTC
// instants in the zone the user chose, so a filter never silently shifts.
export type TimeMode = 'utc' | 'local';

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
}

export function zoneLabel(mode: TimeMode, zone: string): string {
  return mode === 'utc' ? 'UTC' : zone;
}

/** "2026-11-23T10:05" (from a datetime-local input) -> ISO instant, or undefined when empty/invalid. */
export function inputToInstant(value: string, mode: TimeMode): string | undefined {
  if (!value) return undefined;
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  const d = new Date(mode === 'utc' ? `${withSeconds}Z` : withSeconds);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** ISO instant -> the datetime-local value that shows it in the chosen zone. */
export function instantToInput(iso: string | undefined, mode: TimeMode): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const shifted = mode === 'utc' ? d : new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "2026-11-23 10:05:07.123" in the chosen zone (the zone goes in the column header). */
export function formatInstant(iso: string, mode: TimeMode): string {
  const d = new Date(iso);
  if (mode === 'utc') return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
