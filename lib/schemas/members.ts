import { z } from 'zod';
import { ROLES } from '@/lib/permissions';

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
export const reauthInput = z.object({ password: z.string().max(1024).optional(), code: z.string().trim().max(32).optional() });
export const mfaConfirmInput = z.object({ secret: z.string().min(16).max(128), code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code.') });
