'use client';
import { useCallback, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { usePathname, useSearchParams } from 'next/navigation';
import { auditExportUrl, useAuditPage } from '@/lib/queries/audit';
import { AUDIT_FILTER_KEYS, auditFilterSearch, type AuditEventView, type AuditFilterParams } from '@/lib/schemas/audit';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass } from '@/components/ui/dialog';
import { AuditFilterBar } from './audit-filter-bar';
import { AuditTable } from './audit-table';
import { AuditDetailDrawer } from './audit-detail-drawer';
import { AuditVerify } from './audit-verify';
import { browserZone, zoneLabel, type TimeMode } from './time-zone';

const noSubscribe = () => () => {};

/** The applied filters are the page's search params, so a filtered view can be shared, reloaded and gone back to. */
function useUrlFilters(): [AuditFilterParams, string, (f: AuditFilterParams) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const search = auditFilterSearch(
    Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined])) as AuditFilterParams,
  );
  // One object per distinct filter, so the filter bar sees a change only when there is one.
  const filters = useMemo(
    () => Object.fromEntries(new URLSearchParams(search).entries()) as AuditFilterParams,
    [search],
  );
  const push = useCallback(
    (f: AuditFilterParams) => {
      const next = auditFilterSearch(f);
      // Next.js keeps useSearchParams in step with history.pushState, without a server round trip.
      if (next !== search) window.history.pushState(null, '', `${pathname}${next}`);
    },
    [pathname, search],
  );
  return [filters, search, push];
}

export function AuditLogView({ workspaceId }: { workspaceId: string }) {
  const { can } = useWorkspace();
  // The browser's zone is only known client-side; the server renders UTC (null zone).
  const zone = useSyncExternalStore(noSubscribe, browserZone, () => null);
  const [mode, setMode] = useState<TimeMode>('utc');
  const [filters, filterKey, pushFilters] = useUrlFilters();
  // The page within the current filter; another filter (applied, or by Back/Forward) starts at the first page.
  const [paging, setPaging] = useState<{ filterKey: string; cursor: string | null }>({ filterKey, cursor: null });
  const cursor = paging.filterKey === filterKey ? paging.cursor : null;
  const setCursor = (c: string | null) => setPaging({ filterKey, cursor: c });
  const [selected, setSelected] = useState<AuditEventView | null>(null);
  const trigger = useRef<HTMLElement | null>(null);
  const page = useAuditPage(workspaceId, filters, cursor);
  const zoneText = zoneLabel(mode, zone ?? 'UTC');

  const apply = (f: AuditFilterParams) => {
    pushFilters(f);
    setCursor(null);
  };
  const close = useCallback(() => {
    setSelected(null);
    trigger.current?.focus();
  }, []);
  const items = page.data?.items ?? [];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <p className="max-w-2xl text-sm text-slate-600">
          Every view of PHI-bearing screens and every change is recorded here, hash-chained and append-only. Opening
          this page is itself recorded as “Audit Log Viewed”.
        </p>
        <div className="flex items-start gap-2">
          {can('audit.export') && (
            <a className={buttonClass.secondary} href={auditExportUrl(workspaceId, filters)} download>
              Export CSV
            </a>
          )}
          {can('audit.verify') && <AuditVerify workspaceId={workspaceId} />}
        </div>
      </div>
      <AuditFilterBar
        workspaceId={workspaceId}
        eventTypesReady={page.isFetched}
        value={filters}
        mode={mode}
        zone={zone}
        onApply={apply}
        onModeChange={setMode}
      />
      {page.error && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {(page.error as Error).message}
        </p>
      )}
      {page.isPending ? (
        <p className="text-sm text-slate-600">Loading audit events…</p>
      ) : (
        <div aria-busy={page.isFetching} className={page.isFetching ? 'opacity-60' : undefined}>
          <AuditTable
            items={items}
            mode={mode}
            zoneText={zoneText}
            onOpen={(e, el) => {
              trigger.current = el;
              setSelected(e);
            }}
          />
        </div>
      )}
      <nav aria-label="Audit log pages" className="flex items-center justify-between">
        <button
          type="button"
          className={buttonClass.secondary}
          disabled={!page.data?.prevCursor || page.isFetching}
          onClick={() => setCursor(page.data?.prevCursor ?? null)}
        >
          ← Newer
        </button>
        <span className="text-xs text-slate-500">{items.length ? `${items.length} events on this page` : ''}</span>
        <button
          type="button"
          className={buttonClass.secondary}
          disabled={!page.data?.nextCursor || page.isFetching}
          onClick={() => setCursor(page.data?.nextCursor ?? null)}
        >
          Next page →
        </button>
      </nav>
      <AuditDetailDrawer
        event={selected}
        mode={mode}
        zoneText={zoneText}
        onClose={close}
        onFilter={(f) => {
          setSelected(null);
          apply(f);
        }}
      />
    </div>
  );
}
