import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '@/lib/api-client';
import {
  auditFilterSearch,
  type AuditCheckpointStatusView,
  type AuditFilterParams,
  type AuditPage,
  type AuditVerifyView,
} from '@/lib/schemas/audit';

export const auditKeys = {
  all: (workspaceId: string) => ['workspaces', workspaceId, 'audit'] as const,
  page: (workspaceId: string, filters: AuditFilterParams, cursor: string | null) =>
    [...auditKeys.all(workspaceId), 'page', filters, cursor] as const,
  checkpoints: (workspaceId: string) => [...auditKeys.all(workspaceId), 'checkpoints'] as const,
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
