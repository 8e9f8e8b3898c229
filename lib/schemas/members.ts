import { z } from 'zod';
import { ROLES } from '@/lib/permissions';
import { timestampOut } from './common';

export const inviteInput = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address.').max(320),
  role: z.enum(ROLES),
});

export const memberUpdateInput = z
  .object({ role: z.enum(ROLES).optional(), piiAccess: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.piiAccess !== undefined, 'Nothing to change.');

export const acceptInviteInput = z.object({
  token: z.string().min(10).max(200),
  name: z.string().trim().max(120).optional(),
  password: z.string().max(1024).optional(),
});

export const securityInput = z.object({ requireMfa: z.boolean() });
export const reauthInput = z.object({
  password: z.string().max(1024).optional(),
  code: z.string().trim().max(32).optional(),
});
/** A code from the authenticator app the user has now, or a recovery code: needed to change two-factor once it is on. */
const currentMfaCode = z
  .string()
  .trim()
  .max(32)
  .optional()
  .transform((v) => v || undefined);
export const mfaConfirmInput = z.object({
  secret: z.string().min(16).max(128),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Enter the 6-digit code.'),
  currentCode: currentMfaCode,
});
export const mfaDisableInput = z.object({ currentCode: currentMfaCode });
export type MfaConfirmInput = z.input<typeof mfaConfirmInput>;
export type MfaDisableInput = z.input<typeof mfaDisableInput>;

// ---- Responses (allow-lists: nothing else leaves the server) ----------------
// No password hash, TOTP secret or invite token hash is ever part of these.

export const memberRow = z.object({
  id: z.string(),
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  piiAccess: z.boolean(),
  /** Whether the member has two-factor authentication on (not the secret). */
  mfa: z.boolean(),
  createdAt: timestampOut,
});
export type MemberRow = z.infer<typeof memberRow>;

export const inviteRow = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  expiresAt: timestampOut,
  createdAt: timestampOut,
});
export type InviteRow = z.infer<typeof inviteRow>;

/** GET /members: members and the pending invites (never their links). */
export const memberListResponse = z.object({ members: z.array(memberRow), invites: z.array(inviteRow) });
export type MemberList = z.infer<typeof memberListResponse>;

/** POST /members: the invite link, once, by design (only the token's hash is kept). */
export const inviteCreatedResponse = z.object({ inviteId: z.string(), inviteUrl: z.string() });

export const memberRemovedResponse = z.object({ sessionsRevoked: z.number().int().nonnegative() });

/** POST /invites/accept. */
export const inviteAcceptedResponse = z.object({ workspaceId: z.string(), newAccount: z.boolean() });

/** GET /account/mfa: a fresh secret for the enrolment screen (nothing is stored until it is confirmed). */
export const mfaSetupResponse = z.object({ secret: z.string(), qrDataUrl: z.string() });

/** POST /account/mfa: the recovery codes, shown once, and how many other sessions were signed out. */
export const mfaConfirmedResponse = z.object({
  recoveryCodes: z.array(z.string()),
  sessionsRevoked: z.number().int().nonnegative(),
});
export type MfaConfirmed = z.infer<typeof mfaConfirmedResponse>;

/** DELETE /account/mfa: two-factor is off; the other sessions were signed out. */
export const mfaDisabledResponse = z.object({ sessionsRevoked: z.number().int().nonnegative() });
export type MfaDisabled = z.infer<typeof mfaDisabledResponse>;
export type MfaSetup = z.infer<typeof mfaSetupResponse>;
