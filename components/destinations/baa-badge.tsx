import { BAA_LABELS, type BaaStatus } from '@/lib/destinations/catalog';

const STYLE: Record<BaaStatus, string> = {
  signs: 'bg-brand-100 text-brand-800',
  does_not_sign: 'bg-red-100 text-red-800',
  you_decide: 'bg-amber-100 text-amber-900',
};

/** BAA status pill; `overridden` marks an owner's decision over the catalog default. */
export function BaaBadge({ status, overridden = false }: { status: BaaStatus; overridden?: boolean }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ${STYLE[status]}`}>
      BAA: {BAA_LABELS[status]}
      {overridden ? ' (owner override)' : ''}
    </span>
  );
}
