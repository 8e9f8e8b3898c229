import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '@/lib/api-client';
import type { DeliveryDetails, DeliveryOverview, ReplayInput } from '@/lib/schemas/delivery';

export type { DeliveryDetails, DeliveryOverview, ReplayInput };

export const deliveryKeys = {
  all: (workspaceId: string, destinationId: string) =>
    ['workspaces', workspaceId, 'destinations', destinationId, 'delivery'] as const,
  overview: (workspaceId: string, destinationId: string) =>
    [...deliveryKeys.all(workspaceId, destinationId), 'overview'] as const,
  details: (workspaceId: string, destinationId: string, deliveryId: string) =>
    [...deliveryKeys.all(workspaceId, destinationId), 'details', deliveryId] as const,
};

const base = (workspaceId: string, destinationId: string) =>
  `/api/workspaces/${workspaceId}/destinations/${destinationId}/delivery`;

export function useDeliveryOverview(workspaceId: string, destinationId: string, initialData?: DeliveryOverview) {
  return useQuery({
    queryKey: deliveryKeys.overview(workspaceId, destinationId),
    queryFn: ({ signal }) => apiGet<DeliveryOverview>(base(workspaceId, destinationId), signal),
    initialData,
    refetchInterval: 5000,
  });
}

/** A payload view is an audited read: fetched once per opening, not refetched in the background. */
export function useDeliveryDetails(workspaceId: string, destinationId: string, deliveryId: string | null) {
  return useQuery({
    queryKey: deliveryKeys.details(workspaceId, destinationId, deliveryId ?? ''),
    queryFn: ({ signal }) => apiGet<DeliveryDetails>(`${base(workspaceId, destinationId)}/${deliveryId}`, signal),
    enabled: deliveryId !== null,
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
}

export function useReplay(workspaceId: string, destinationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ReplayInput = {}) =>
      apiSend<{ replayed: number }>('POST', `${base(workspaceId, destinationId)}/replay`, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: deliveryKeys.all(workspaceId, destinationId) }),
  });
}
