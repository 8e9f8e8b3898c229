import Image from 'next/image';
import type { FunctionKind } from '@/lib/functions/types';

/** The function's own logo (a small data: URL image), or an initials tile for its kind. */
export function FunctionLogo({
  logo,
  kind,
  size = 'md',
}: {
  logo: string | null;
  kind: FunctionKind;
  size?: 'sm' | 'md' | 'lg';
}) {
  const px = size === 'lg' ? 48 : size === 'sm' ? 28 : 36;
  const box = size === 'lg' ? 'h-12 w-12 text-base' : size === 'sm' ? 'h-7 w-7 text-[10px]' : 'h-9 w-9 text-xs';
  if (logo) {
    // A data: URL the server checked (PNG, JPEG or WebP, at most 64 KB): nothing to optimise or fetch.
    return <Image src={logo} alt="" width={px} height={px} unoptimized className={`${box} rounded-md object-cover`} />;
  }
  return (
    <span
      aria-hidden
      className={`inline-flex shrink-0 items-center justify-center rounded-md font-bold text-white ${box} ${kind === 'insert' ? 'bg-teal-700' : 'bg-indigo-700'}`}
    >
      {kind === 'insert' ? 'IF' : 'FN'}
    </span>
  );
}

export const KIND_LABELS: Record<FunctionKind, string> = {
  destination: 'Destination Function',
  insert: 'Insert Function',
};
