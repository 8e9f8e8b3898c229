import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '@/lib/api-client';
import type { BaaStatus, RecordBaaInput, WorkspaceRefView } from '@/lib/schemas/workspaces';

export type { BaaStatus };

export const workspaceKeys = {
  baa: (workspaceId: string) => ['workspaces', workspaceId, 'baa'] as const,
};

export function useCreateWorkspace() {
  return useMutation({ mutationFn: (v: { name: string }) => apiSend<WorkspaceRefView>('POST', '/api/workspaces', v) });
}

export function useRenameWorkspace(workspaceId: string) {
  return useMutation({
    mutationFn: (v: { name: string }) => apiSend<WorkspaceRefView>('PATCH', `/api/workspaces/${workspaceId}`, v),
  });
}

export function useBaaStatus(workspaceId: string, initialData: BaaStatus) {
  return useQuery({
    queryKey: workspaceKeys.baa(workspaceId),
    queryFn: ({ signal }) => apiGet<BaaStatus>(`/api/workspaces/${workspaceId}/baa`, signal),
    initialData,
  });
}

export function useBaaMutations(workspaceId: string) {
  const qc = useQueryClient();
  const store = (s: BaaStatus) => qc.setQueryData(workspaceKeys.baa(workspaceId), s);
  const url = `/api/workspaces/${workspaceId}/baa`;
  return {
    record: useMutation({ mutationFn: (v: RecordBaaInput) => apiSend<BaaStatus>('POST', url, v), onSuccess: store }),
    revoke: useMutation({ mutationFn: () => apiSend<BaaStatus>('DELETE', url), onSuccess: store }),
  };
}
