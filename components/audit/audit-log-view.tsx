'use client';
import { useCallback, useRef, useState, useSyncExternalStore } from 'react';
import { auditExportUrl, useAuditPage } from '@/lib/queries/audit';
import type { AuditEventView, AuditFilterParams } from '@/lib/schemas/audit';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass } from '@/components/ui/dialog';
import { AuditFilterBar } from './audit-filter-bar';
import { AuditTable } from './audit-table';
import { AuditDetailDrawer } from './audit-detail-drawer';
import { AuditVerify } from './audit-verify';
import { browserZone, zoneLabel, type TimeMode } from './time-zone';

const noSubscribe = () => () => {};

export function AuditLogView({ workspaceId }: { workspaceId: string }) {
  const { can } = useWorkspace();
  // The browser's zone is only known client-side; the server renders UTC (null zone).
  const zone = useSyncExternalStore(noSubscribe, browserZone, () => null);
  const [mode, setMode] = useState<TimeMode>('utc');
  const [filters, setFilters] = useState<AuditFilterParams>({});
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<AuditEventView | null>(null);
  const trigger = useRef<HTMLElement | null>(null);
  const page = useAuditPage(workspaceId, filters, cursor);
  const zoneText = zoneLabel(mode, zone ?? 'UTC');

  const apply = (f: AuditFilterParams) => {
    setFilters(f);
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
      <AuditFilterBar value={filters} mode={mode} zone={zone} onApply={apply} onModeChange={setMode} />
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
