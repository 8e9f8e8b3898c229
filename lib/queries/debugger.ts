import { useQuery } from '@tanstack/react-query';
import { apiGet } from '@/lib/api-client';
import type { DebuggerEventSummary, DebuggerEventView, DebuggerList } from '@/lib/schemas/debugger';

export type { DebuggerEventSummary, DebuggerEventView };

export const debuggerKeys = {
  all: (workspaceId: string, sourceId: string) => ['workspaces', workspaceId, 'sources', sourceId, 'debugger'] as const,
  list: (workspaceId: string, sourceId: string) => [...debuggerKeys.all(workspaceId, sourceId), 'list'] as const,
  pretty: (workspaceId: string, sourceId: string, eventId: string) =>
    [...debuggerKeys.all(workspaceId, sourceId), 'pretty', eventId] as const,
  raw: (workspaceId: string, sourceId: string, eventId: string) =>
    [...debuggerKeys.all(workspaceId, sourceId), 'raw', eventId] as const,
};

const base = (workspaceId: string, sourceId: string) => `/api/workspaces/${workspaceId}/sources/${sourceId}/debugger`;

/** Live list: polls while `live`. Polling is a GET, so it never counts as user activity. */
export function useDebuggerEvents(workspaceId: string, sourceId: string, live: boolean) {
  return useQuery({
    queryKey: debuggerKeys.list(workspaceId, sourceId),
    queryFn: ({ signal }) => apiGet<DebuggerList>(base(workspaceId, sourceId), signal).then((r) => r.events),
    refetchInterval: live ? 2000 : false,
    refetchIntervalInBackground: false,
  });
}

export function useDebuggerEvent(workspaceId: string, sourceId: string, eventId: string | null) {
  return useQuery({
    queryKey: debuggerKeys.pretty(workspaceId, sourceId, eventId ?? ''),
    queryFn: ({ signal }) => apiGet<DebuggerEventView>(`${base(workspaceId, sourceId)}/${eventId}`, signal),
    enabled: eventId !== null,
    staleTime: Infinity,
  });
}

/** Raw view: fetched only when opened (each fetch writes an audit row), never refetched in the background. */
export function useDebuggerRaw(workspaceId: string, sourceId: string, eventId: string | null, open: boolean) {
  return useQuery({
    queryKey: debuggerKeys.raw(workspaceId, sourceId, eventId ?? ''),
    queryFn: ({ signal }) => apiGet<DebuggerEventView>(`${base(workspaceId, sourceId)}/${eventId}/raw`, signal),
    enabled: eventId !== null && open,
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
}
