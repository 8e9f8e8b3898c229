'use client';
import type { DeliveryOverview } from '@/lib/queries/delivery';

export const OUTCOME_STYLE = {
  delivered: { label: 'Delivered', fill: '#16a34a', swatch: 'bg-green-600' },
  retrying: { label: 'Retrying', fill: '#f59e0b', swatch: 'bg-amber-500' },
  failed: { label: 'Failed', fill: '#dc2626', swatch: 'bg-red-600' },
  dead: { label: 'Dead-lettered', fill: '#7f1d1d', swatch: 'bg-red-900' },
  filtered: { label: 'Filtered', fill: '#94a3b8', swatch: 'bg-slate-400' },
} as const;
type Outcome = keyof typeof OUTCOME_STYLE;
const ORDER: Outcome[] = ['delivered', 'filtered', 'retrying', 'failed', 'dead'];

const hourLabel = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** Stacked hourly bars for the last 24 h (SVG), with the same numbers as a table for screen readers. */
export function DeliveryChart({ hours }: { hours: DeliveryOverview['hours'] }) {
  const W = 720;
  const H = 160;
  const bar = W / hours.length;
  const max = Math.max(1, ...hours.map((h) => ORDER.reduce((s, o) => s + h.counts[o], 0)));
  return (
    <figure>
      <svg
        viewBox={`0 0 ${W} ${H + 18}`}
        className="w-full"
        role="img"
        aria-label="Delivery outcomes per hour, last 24 hours"
      >
        {hours.map((h, i) => {
          let y = H;
          return (
            <g key={h.hour}>
              {ORDER.map((o) => {
                const hgt = (h.counts[o] / max) * H;
                y -= hgt;
                return hgt > 0 ? (
                  <rect key={o} x={i * bar + 2} y={y} width={bar - 4} height={hgt} fill={OUTCOME_STYLE[o].fill}>
                    <title>{`${hourLabel(h.hour)} ${OUTCOME_STYLE[o].label}: ${h.counts[o]}`}</title>
                  </rect>
                ) : null;
              })}
              {i % 4 === 0 && (
                <text x={i * bar + bar / 2} y={H + 14} fontSize="10" textAnchor="middle" fill="#475569">
                  {hourLabel(h.hour)}
                </text>
              )}
            </g>
          );
        })}
        <line x1="0" x2={W} y1={H} y2={H} stroke="#cbd5e1" />
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-slate-700">
        {ORDER.map((o) => (
          <span key={o} className="flex items-center gap-1">
            <span aria-hidden className={`inline-block h-3 w-3 rounded-sm ${OUTCOME_STYLE[o].swatch}`} />
            {OUTCOME_STYLE[o].label}
          </span>
        ))}
        <span className="text-slate-500">Tallest bar: {max.toLocaleString()}</span>
      </figcaption>
      <table className="sr-only">
        <caption>Delivery outcomes per hour</caption>
        <thead>
          <tr>
            <th scope="col">Hour</th>
            {ORDER.map((o) => (
              <th key={o} scope="col">
                {OUTCOME_STYLE[o].label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {hours.map((h) => (
            <tr key={h.hour}>
              <th scope="row">{hourLabel(h.hour)}</th>
              {ORDER.map((o) => (
                <td key={o}>{h.counts[o]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
