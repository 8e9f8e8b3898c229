import { useMutation } from '@tanstack/react-query';
import { apiGet, apiSend } from '@/lib/api-client';
import type { MfaConfirmed, MfaConfirmInput, MfaDisabled, MfaDisableInput, MfaSetup } from '@/lib/schemas/members';

export type { MfaConfirmed, MfaDisabled, MfaSetup };

const MFA_URL = '/api/account/mfa';

/**
 * The signed-in user's own two-factor settings. Every call needs a recent
 * password re-entry, so callers wrap them in useReauth's `run`.
 */
export function useMfaMutations() {
  return {
    start: useMutation({ mutationFn: () => apiGet<MfaSetup>(MFA_URL) }),
    confirm: useMutation({
      mutationFn: (v: MfaConfirmInput) => apiSend<MfaConfirmed>('POST', MFA_URL, v),
    }),
    disable: useMutation({
      mutationFn: (v: MfaDisableInput) => apiSend<MfaDisabled>('DELETE', MFA_URL, v),
    }),
  };
}
