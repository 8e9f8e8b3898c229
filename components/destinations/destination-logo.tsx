import { catalogEntry } from '@/lib/destinations/catalog';

/** Initials tile standing in for the vendor logo. */
export function DestinationLogo({ catalogId, size = 'md' }: { catalogId: string; size?: 'sm' | 'md' | 'lg' }) {
  const e = catalogEntry(catalogId);
  const box = size === 'lg' ? 'h-12 w-12 text-base' : size === 'sm' ? 'h-7 w-7 text-[10px]' : 'h-9 w-9 text-xs';
  return (
    <span
      aria-hidden
      className={`inline-flex shrink-0 items-center justify-center rounded-md font-bold ${box} ${e?.logoClass ?? 'bg-slate-400 text-white'}`}
    >
      {e?.initials ?? '??'}
    </span>
  );
}
