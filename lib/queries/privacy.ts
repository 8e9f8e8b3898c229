import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '@/lib/api-client';
import type {
  ColorId,
  CreateMatcherInput,
  FieldDetailView,
  InboxView,
  InventoryFieldView,
  InventoryFilter,
  MatchersView,
  MatcherView,
  PrivacyControlsView,
  RevealedSample,
  UpdateMatcherInput,
} from '@/lib/schemas/privacy';

export const privacyKeys = {
  all: (ws: string) => ['workspaces', ws, 'privacy'] as const,
  inbox: (ws: string) => [...privacyKeys.all(ws), 'inbox'] as const,
  inventory: (ws: string, filter: InventoryFilter) => [...privacyKeys.all(ws), 'inventory', filter] as const,
  field: (ws: string, fieldId: string) => [...privacyKeys.all(ws), 'field', fieldId] as const,
  matchers: (ws: string) => [...privacyKeys.all(ws), 'matchers'] as const,
  controls: (ws: string) => [...privacyKeys.all(ws), 'controls'] as const,
};

const base = (ws: string) => `/api/workspaces/${ws}/privacy`;

function search(filter: InventoryFilter): string {
  const p = new URLSearchParams();
  if (filter.color) p.set('color', filter.color);
  if (filter.sourceId) p.set('sourceId', filter.sourceId);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The Inbox "updates in real time" (Segment): polled while the page is open. */
export function useInbox(ws: string) {
  return useQuery({
    queryKey: privacyKeys.inbox(ws),
    queryFn: ({ signal }) => apiGet<InboxView>(`${base(ws)}/inbox`, signal),
    refetchInterval: 15_000,
  });
}

export function useMarkInboxSeen(ws: string) {
  return useMutation({ mutationFn: () => apiSend<{ seenAt: string }>('POST', `${base(ws)}/inbox/seen`) });
}

export function useInventory(ws: string, filter: InventoryFilter) {
  return useQuery({
    queryKey: privacyKeys.inventory(ws, filter),
    queryFn: ({ signal }) => apiGet<{ fields: InventoryFieldView[] }>(`${base(ws)}/inventory${search(filter)}`, signal),
    placeholderData: keepPreviousData,
  });
}

/** A plain link: the browser downloads it (cookies go along, same origin). Ignores UI filters by design. */
export function inventoryExportUrl(ws: string): string {
  return `${base(ws)}/inventory/export`;
}

export function useFieldDetail(ws: string, fieldId: string | null) {
  return useQuery({
    queryKey: privacyKeys.field(ws, fieldId ?? ''),
    queryFn: ({ signal }) => apiGet<FieldDetailView>(`${base(ws)}/fields/${fieldId}`, signal),
    enabled: fieldId !== null,
  });
}

export function useClassifyField(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { fieldId: string; color: ColorId }) =>
      apiSend<{ id: string; classification: ColorId }>('PUT', `${base(ws)}/fields/${v.fieldId}/classification`, {
        color: v.color,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: privacyKeys.all(ws) }),
  });
}

/**
 * Unmasked samples. Every call writes an audit row on the server, so this is a
 * mutation (never cached, never refetched behind the user's back).
 */
export function useRevealSamples(ws: string) {
  return useMutation({
    mutationFn: (fieldIds: string[]) =>
      apiSend<{ samples: RevealedSample[] }>('POST', `${base(ws)}/samples`, { fieldIds }),
  });
}

export function useMatchers(ws: string) {
  return useQuery({
    queryKey: privacyKeys.matchers(ws),
    queryFn: ({ signal }) => apiGet<MatchersView>(`${base(ws)}/matchers`, signal),
  });
}

export function useMatcherMutations(ws: string) {
  const qc = useQueryClient();
  const invalidate = () => qc.invalidateQueries({ queryKey: privacyKeys.matchers(ws) });
  return {
    create: useMutation({
      mutationFn: (v: CreateMatcherInput) => apiSend<MatcherView>('POST', `${base(ws)}/matchers`, v),
      onSuccess: invalidate,
    }),
    update: useMutation({
      mutationFn: (v: { id: string } & UpdateMatcherInput) => {
        const { id, ...body } = v;
        return apiSend<MatcherView>('PATCH', `${base(ws)}/matchers/${id}`, body);
      },
      onSuccess: invalidate,
    }),
    remove: useMutation({
      mutationFn: (id: string) => apiSend('DELETE', `${base(ws)}/matchers/${id}`),
      onSuccess: invalidate,
    }),
    addSynonym: useMutation({
      mutationFn: (v: { matcherId: string; key: string }) => apiSend('POST', `${base(ws)}/synonyms`, v),
      onSuccess: invalidate,
    }),
    removeSynonym: useMutation({
      mutationFn: (id: string) => apiSend('DELETE', `${base(ws)}/synonyms/${id}`),
      onSuccess: invalidate,
    }),
  };
}

export function usePrivacyControls(ws: string) {
  return useQuery({
    queryKey: privacyKeys.controls(ws),
    queryFn: ({ signal }) => apiGet<PrivacyControlsView>(`${base(ws)}/controls`, signal),
  });
}

export function useControlMutations(ws: string) {
  const qc = useQueryClient();
  const invalidate = () => qc.invalidateQueries({ queryKey: privacyKeys.all(ws) });
  return {
    quarantine: useMutation({
      mutationFn: (enabled: boolean) => apiSend('PUT', `${base(ws)}/quarantine`, { enabled }),
      onSuccess: invalidate,
    }),
    // Owned by the Sources API (lib/server/sources/sources.ts setSourceBlocking); surfaced here as Privacy Controls.
    blocking: useMutation({
      mutationFn: (v: { sourceId: string; blockRed: boolean }) =>
        apiSend('PUT', `/api/workspaces/${ws}/sources/${v.sourceId}/blocking`, { blockRed: v.blockRed }),
      onSuccess: invalidate,
    }),
  };
}
