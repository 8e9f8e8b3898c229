import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '@/lib/api-client';
import {
  auditFilterSearch,
  type AuditActorList,
  type AuditActorView,
  type AuditCheckpointStatusView,
  type AuditEventTypeList,
  type AuditFilterParams,
  type AuditPage,
  type AuditVerifyView,
} from '@/lib/schemas/audit';

export const auditKeys = {
  all: (workspaceId: string) => ['workspaces', workspaceId, 'audit'] as const,
  page: (workspaceId: string, filters: AuditFilterParams, cursor: string | null) =>
    [...auditKeys.all(workspaceId), 'page', filters, cursor] as const,
  checkpoints: (workspaceId: string) => [...auditKeys.all(workspaceId), 'checkpoints'] as const,
  actors: (workspaceId: string, q: string) => [...auditKeys.all(workspaceId), 'actors', q] as const,
  actor: (workspaceId: string, userId: string) => [...auditKeys.all(workspaceId), 'actor', userId] as const,
  eventTypes: (workspaceId: string) => [...auditKeys.all(workspaceId), 'event-types'] as const,
};

const base = (workspaceId: string) => `/api/workspaces/${workspaceId}/audit`;

export const AUDIT_PAGE_SIZE = 50;

/**
 * One page of the audit log. Every fetch writes an "Audit Log Viewed" row on the
 * server, so this never refetches on its own (focus, remount): only when the
 * filters or the page change, or the user asks for it.
 */
export function useAuditPage(workspaceId: string, filters: AuditFilterParams, cursor: string | null) {
  return useQuery({
    queryKey: auditKeys.page(workspaceId, filters, cursor),
    queryFn: ({ signal }) =>
      apiGet<AuditPage>(
        `${base(workspaceId)}${auditFilterSearch(filters, { cursor: cursor ?? undefined, limit: String(AUDIT_PAGE_SIZE) })}`,
        signal,
      ),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    refetchOnMount: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

/** A plain link: the browser streams the download itself (cookies go along, same origin). */
export function auditExportUrl(workspaceId: string, filters: AuditFilterParams): string {
  return `${base(workspaceId)}/export${auditFilterSearch(filters)}`;
}

/** When this workspace's chain was last signed, and where checkpoints go (no audit row is written for it). */
export function useAuditCheckpointStatus(workspaceId: string) {
  return useQuery({
    queryKey: auditKeys.checkpoints(workspaceId),
    queryFn: ({ signal }) => apiGet<AuditCheckpointStatusView>(`${base(workspaceId)}/verify`, signal),
    refetchOnWindowFocus: false,
  });
}

export function useVerifyAudit(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend<AuditVerifyView>('POST', `${base(workspaceId)}/verify`),
    // An intact chain is signed as it is verified: the status shows the new checkpoint.
    onSettled: () => qc.invalidateQueries({ queryKey: auditKeys.checkpoints(workspaceId) }),
  });
}

/** Actor filter suggestions for `q` (name or email, partial); idle while `q` is null. Writes no audit row. */
export function useAuditActors(workspaceId: string, q: string | null) {
  return useQuery({
    queryKey: auditKeys.actors(workspaceId, q ?? ''),
    queryFn: ({ signal }) =>
      apiGet<AuditActorList>(`${base(workspaceId)}/actors?${new URLSearchParams({ q: q ?? '' })}`, signal),
    enabled: q !== null,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
}

/** The person behind an actor filter read from a URL (null when not a member or actor of this workspace). */
export function useAuditActor(workspaceId: string, userId: string | null) {
  return useQuery({
    queryKey: auditKeys.actor(workspaceId, userId ?? ''),
    queryFn: async ({ signal }): Promise<AuditActorView | null> => {
      const r = await apiGet<AuditActorList>(
        `${base(workspaceId)}/actors?${new URLSearchParams({ userId: userId ?? '' })}`,
        signal,
      );
      return r.items[0] ?? null;
    },
    enabled: userId !== null,
    staleTime: Infinity,
  });
}

/**
 * The event types written in this workspace's log (writes no audit row). `enabled`
 * lets the page ask only once its own view is recorded, so "Audit Log Viewed" is offered.
 */
export function useAuditEventTypes(workspaceId: string, enabled = true) {
  return useQuery({
    queryKey: auditKeys.eventTypes(workspaceId),
    queryFn: ({ signal }) => apiGet<AuditEventTypeList>(`${base(workspaceId)}/event-types`, signal),
    enabled,
  });
}
