import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '@/lib/api-client';
import { destinationKeys } from '@/lib/queries/destinations';
import type {
  EncryptionStateView,
  EncryptionUpdateInput,
  FieldOptionView,
  HashingChangeResult,
  HashingUpdateInput,
  PreviewInput,
  PreviewView,
} from '@/lib/schemas/encryption';

export const encryptionKeys = {
  // Not under destinationKeys.all: invalidating destinations must not refetch
  // this, because every fetch of it is an audited read.
  state: (workspaceId: string, destinationId: string) =>
    ['workspaces', workspaceId, 'encryption', destinationId] as const,
  fields: (workspaceId: string) => ['workspaces', workspaceId, 'protection-fields'] as const,
};

const url = (workspaceId: string, destinationId: string) =>
  `/api/workspaces/${workspaceId}/destinations/${destinationId}`;

/**
 * The Data Encryption tab's state. The page reads it (audited) on the server
 * and hands it in; this never refetches by itself, mutations write their
 * answer into the cache instead.
 */
export function useEncryptionState(workspaceId: string, destinationId: string, initialData: EncryptionStateView) {
  return useQuery({
    queryKey: encryptionKeys.state(workspaceId, destinationId),
    queryFn: ({ signal }) => apiGet<EncryptionStateView>(`${url(workspaceId, destinationId)}/encryption`, signal),
    initialData,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnMount: false,
  });
}

/** Yellow field options for the Setup page (names only, no values: not an audited read). */
export function useProtectionFields(workspaceId: string) {
  return useQuery({
    queryKey: encryptionKeys.fields(workspaceId),
    queryFn: ({ signal }) =>
      apiGet<{ fields: FieldOptionView[] }>(`/api/workspaces/${workspaceId}/protection-fields`, signal).then(
        (r) => r.fields,
      ),
    staleTime: 60_000,
  });
}

export function useEncryptionMutations(workspaceId: string, destinationId: string) {
  const qc = useQueryClient();
  const base = url(workspaceId, destinationId);
  const store = (s: EncryptionStateView) => {
    qc.setQueryData(encryptionKeys.state(workspaceId, destinationId), s);
    // The list and header show protection counts.
    return qc.invalidateQueries({ queryKey: destinationKeys.list(workspaceId) });
  };
  const storeHashing = (r: HashingChangeResult) => store(r.state);
  return {
    save: useMutation({
      mutationFn: (v: EncryptionUpdateInput) => apiSend<EncryptionStateView>('PUT', `${base}/encryption`, v),
      onSuccess: store,
    }),
    disable: useMutation({
      mutationFn: () => apiSend<EncryptionStateView>('DELETE', `${base}/encryption`),
      onSuccess: store,
    }),
    saveHashing: useMutation({
      mutationFn: (v: HashingUpdateInput) => apiSend<HashingChangeResult>('PUT', `${base}/hashing`, v),
      onSuccess: storeHashing,
    }),
    disableHashing: useMutation({
      mutationFn: () => apiSend<HashingChangeResult>('DELETE', `${base}/hashing`),
      onSuccess: storeHashing,
    }),
    rotateSecret: useMutation({
      mutationFn: () => apiSend<HashingChangeResult>('POST', `${base}/hashing/secret`),
      onSuccess: storeHashing,
    }),
  };
}

/** Each run is an audited read on the server, so it is a mutation (never cached or refetched). */
export function usePreview(workspaceId: string, destinationId: string) {
  return useMutation({
    mutationFn: (v: PreviewInput) => apiSend<PreviewView>('POST', `${url(workspaceId, destinationId)}/preview`, v),
  });
}
