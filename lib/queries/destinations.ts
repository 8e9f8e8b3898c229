import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '@/lib/api-client';
import type {
  ConsentCategory,
  CreatedDestination,
  DestinationListItem,
  DestinationView,
  UpdateDestinationInput,
} from '@/lib/schemas/destinations';

export type { CreatedDestination, DestinationListItem, DestinationView };

export const destinationKeys = {
  all: (workspaceId: string) => ['workspaces', workspaceId, 'destinations'] as const,
  list: (workspaceId: string) => [...destinationKeys.all(workspaceId), 'list'] as const,
  detail: (workspaceId: string, id: string) => [...destinationKeys.all(workspaceId), 'detail', id] as const,
};

const base = (workspaceId: string) => `/api/workspaces/${workspaceId}/destinations`;

export function useDestinations(workspaceId: string, initialData?: DestinationListItem[]) {
  return useQuery({
    queryKey: destinationKeys.list(workspaceId),
    queryFn: ({ signal }) =>
      apiGet<{ destinations: DestinationListItem[] }>(base(workspaceId), signal).then((r) => r.destinations),
    initialData,
  });
}

/**
 * Destination settings. Reading them is an audited event, so the page hands in
 * what it already read (and audited) on the server and this never refetches on
 * its own; mutations put their answer in the cache instead.
 */
export function useDestination(workspaceId: string, id: string, initialData: DestinationView) {
  return useQuery({
    queryKey: destinationKeys.detail(workspaceId, id),
    queryFn: ({ signal }) => apiGet<DestinationView>(`${base(workspaceId)}/${id}`, signal),
    initialData,
    staleTime: Infinity,
  });
}

export interface CreateDestinationBody {
  catalogId: string;
  sourceId: string;
  name: string;
  settings: Record<string, unknown>;
  /** Extra blocks contributed by Setup page sections (e.g. `encryption`). */
  [extra: string]: unknown;
}

export function useCreateDestination(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: CreateDestinationBody) => apiSend<CreatedDestination>('POST', base(workspaceId), v),
    onSuccess: (d) => {
      // The one-time HMAC secret is for the caller to show once, not for the cache.
      const { hmacSecret: _shownOnce, ...view } = d;
      qc.setQueryData(destinationKeys.detail(workspaceId, d.id), view);
      return qc.invalidateQueries({ queryKey: destinationKeys.list(workspaceId) });
    },
  });
}

export function useDestinationMutations(workspaceId: string, id: string) {
  const qc = useQueryClient();
  const url = `${base(workspaceId)}/${id}`;
  const store = (d: DestinationView) => {
    qc.setQueryData(destinationKeys.detail(workspaceId, id), d);
    return qc.invalidateQueries({ queryKey: destinationKeys.list(workspaceId) });
  };
  return {
    update: useMutation({
      mutationFn: (v: UpdateDestinationInput) => apiSend<DestinationView>('PATCH', url, v),
      onSuccess: store,
    }),
    baaOverride: useMutation({
      mutationFn: (override: boolean | null) => apiSend<DestinationView>('PUT', `${url}/baa-override`, { override }),
      onSuccess: store,
    }),
    consent: useMutation({
      mutationFn: (categories: ConsentCategory[]) => apiSend<DestinationView>('PUT', `${url}/consent`, { categories }),
      onSuccess: store,
    }),
    remove: useMutation({
      mutationFn: (confirmName: string) => apiSend<{ deleted: true }>('DELETE', url, { confirmName }),
      onSuccess: () => {
        qc.removeQueries({ queryKey: destinationKeys.detail(workspaceId, id) });
        return qc.invalidateQueries({ queryKey: destinationKeys.list(workspaceId) });
      },
    }),
  };
}

/** For the list's enable toggle, which acts on many destinations. */
export function useToggleDestination(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; enabled: boolean }) =>
      apiSend<DestinationView>('PATCH', `${base(workspaceId)}/${v.id}`, { enabled: v.enabled }),
    onSuccess: (d) => {
      qc.setQueryData(destinationKeys.detail(workspaceId, d.id), d);
      return qc.invalidateQueries({ queryKey: destinationKeys.list(workspaceId) });
    },
  });
}
