import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '@/lib/api-client';
import type { Role } from '@/lib/permissions';
import type { InviteRow, MemberList, MemberRow } from '@/lib/schemas/members';

export type { InviteRow, MemberRow };

export const memberKeys = {
  all: (workspaceId: string) => ['workspaces', workspaceId, 'members'] as const,
};

export function useMembers(workspaceId: string) {
  return useQuery({
    queryKey: memberKeys.all(workspaceId),
    queryFn: ({ signal }) => apiGet<MemberList>(`/api/workspaces/${workspaceId}/members`, signal),
  });
}

export function useMemberMutations(workspaceId: string) {
  const qc = useQueryClient();
  const invalidate = () => qc.invalidateQueries({ queryKey: memberKeys.all(workspaceId) });
  const base = `/api/workspaces/${workspaceId}`;
  return {
    invite: useMutation({
      mutationFn: (v: { email: string; role: Role }) => apiSend<{ inviteUrl: string }>('POST', `${base}/members`, v),
      onSuccess: invalidate,
    }),
    update: useMutation({
      mutationFn: (v: { memberId: string; role?: Role; piiAccess?: boolean }) =>
        apiSend('PATCH', `${base}/members/${v.memberId}`, { role: v.role, piiAccess: v.piiAccess }),
      onSuccess: invalidate,
    }),
    remove: useMutation({
      mutationFn: (memberId: string) => apiSend('DELETE', `${base}/members/${memberId}`),
      onSuccess: invalidate,
    }),
    revokeInvite: useMutation({
      mutationFn: (inviteId: string) => apiSend('DELETE', `${base}/invites/${inviteId}`),
      onSuccess: invalidate,
    }),
  };
}
