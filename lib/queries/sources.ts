import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '@/lib/api-client';
import type { GracePeriod, RotatedWriteKey, SourceTypeId, SourceView, WithWriteKey } from '@/lib/schemas/sources';

/** Only mutation results carry a full write key; callers show it once and then reset the mutation. */
export type { SourceView, WithWriteKey };

export const sourceKeys = {
  all: (workspaceId: string) => ['workspaces', workspaceId, 'sources'] as const,
  list: (workspaceId: string) => [...sourceKeys.all(workspaceId), 'list'] as const,
  detail: (workspaceId: string, sourceId: string) => [...sourceKeys.all(workspaceId), 'detail', sourceId] as const,
};

const base = (workspaceId: string) => `/api/workspaces/${workspaceId}/sources`;

export function useSources(workspaceId: string, initialData?: SourceView[]) {
  return useQuery({
    queryKey: sourceKeys.list(workspaceId),
    queryFn: ({ signal }) => apiGet<{ sources: SourceView[] }>(base(workspaceId), signal).then((r) => r.sources),
    initialData,
  });
}

export function useSource(workspaceId: string, sourceId: string, initialData: SourceView) {
  return useQuery({
    queryKey: sourceKeys.detail(workspaceId, sourceId),
    queryFn: ({ signal }) => apiGet<SourceView>(`${base(workspaceId)}/${sourceId}`, signal),
    initialData,
  });
}

export function useCreateSource(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { name: string; type: SourceTypeId }) => apiSend<WithWriteKey>('POST', base(workspaceId), v),
    onSuccess: () => qc.invalidateQueries({ queryKey: sourceKeys.all(workspaceId) }),
  });
}

export function useSourceMutations(workspaceId: string, sourceId: string) {
  const qc = useQueryClient();
  const url = `${base(workspaceId)}/${sourceId}`;
  const store = (s: SourceView) => {
    qc.setQueryData(sourceKeys.detail(workspaceId, sourceId), s);
    return qc.invalidateQueries({ queryKey: sourceKeys.list(workspaceId) });
  };
  return {
    update: useMutation({
      mutationFn: (v: { name?: string; enabled?: boolean }) => apiSend<SourceView>('PATCH', url, v),
      onSuccess: store,
    }),
    blocking: useMutation({
      mutationFn: (blockRed: boolean) => apiSend<SourceView>('PUT', `${url}/blocking`, { blockRed }),
      onSuccess: store,
    }),
    rotate: useMutation({
      mutationFn: (gracePeriod: GracePeriod) => apiSend<RotatedWriteKey>('POST', `${url}/write-key`, { gracePeriod }),
      onSuccess: (r) => store(r.source),
    }),
    remove: useMutation({
      mutationFn: (confirmName: string) => apiSend<{ deletedDestinations: number }>('DELETE', url, { confirmName }),
      onSuccess: () => {
        qc.removeQueries({ queryKey: sourceKeys.detail(workspaceId, sourceId) });
        return qc.invalidateQueries({ queryKey: ['workspaces', workspaceId] });
      },
    }),
  };
}
