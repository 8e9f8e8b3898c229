import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { getWorkspaceOverview } from '@/lib/server/workspaces/workspaces';
import { loadExposureOverview } from '@/lib/server/destinations/protection/blast-radius';
import { PageHeader } from '@/components/ui/page-header';
import { ExposureMatrix } from '@/components/destinations/exposure-matrix';

export const metadata: Metadata = { title: 'Overview' };

export default workspacePage(
  { permission: 'workspace.read', audit: noAudit('workspace summary counts; no PHI values') },
  async (ctx, { params: { workspaceId } }) => {
    const [o, exposure] = await Promise.all([
      getWorkspaceOverview(ctx),
      ctx.can('destinations.read')
        ? loadExposureOverview(ctx)
        : Promise.resolve({ destinations: [], exposed: 0, exposedDisabled: 0 }),
    ]);
    // One computation (the blast radius below): only enabled destinations count, a disabled one receives nothing.
    const disabledNote =
      exposure.exposedDisabled > 0
        ? `Not counted: ${exposure.exposedDisabled} disabled destination${exposure.exposedDisabled === 1 ? '' : 's'} would, once enabled.`
        : null;
    const cards = [
      { label: 'Sources', value: o.sources, note: null },
      { label: 'Destinations', value: o.destinations, note: null },
      { label: 'Members', value: o.members, note: null },
      { label: 'Destinations receiving PHI in clear without a BAA', value: exposure.exposed, note: disabledNote },
    ];
    return (
      <>
        <PageHeader
          title={ctx.workspace.name}
          description="Where your event data comes from, where it goes, and how PHI is protected on the way."
        />
        <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {cards.map((c) => (
            <div key={c.label} className="rounded-lg border border-slate-200 bg-white p-4">
              <dt className="text-sm text-slate-600">{c.label}</dt>
              <dd
                className={`mt-1 text-3xl font-semibold ${c.label.startsWith('Destinations receiving') && c.value > 0 ? 'text-red-700' : ''}`}
              >
                {c.value}
              </dd>
              {c.note && <dd className="mt-1 text-xs text-slate-600">{c.note}</dd>}
            </div>
          ))}
        </dl>
        {ctx.can('destinations.read') && (
          <section aria-labelledby="blast-heading" className="mt-8">
            <h2 id="blast-heading" className="text-lg font-semibold">
              PHI blast radius
            </h2>
            <p className="mb-3 text-sm text-slate-600">
              For every destination, what happens to each Red or Yellow field its source sends: sent in clear,
              encrypted, hashed, or dropped at the source. Fields not classified yet are shown with the colour the
              Privacy Portal suggests for them. Preview computes the same answer for one event.
            </p>
            <ExposureMatrix workspaceId={workspaceId} rows={exposure.destinations} />
          </section>
        )}
      </>
    );
  },
);
