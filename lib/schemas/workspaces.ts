// Workspace and BAA inputs, shared by the API routes and the forms.
import { z } from 'zod';
import { PLAN_TIERS } from '@/lib/sessions/policy';
import { entityName } from './names';

export const createWorkspaceInput = z.object({ name: entityName('Workspace name') });
export const renameWorkspaceInput = z.object({ name: entityName('Workspace name') });

export const PLAN_TIER_LABELS: Record<(typeof PLAN_TIERS)[number], string> = { free: 'Free', team: 'Team', business: 'Business' };

/** The day after today (UTC): a signature dated in the future is a typo, with a day of slack for time zones. */
function latestSignDate(): string {
  return new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
}

export const recordBaaInput = z.object({
  signedAt: z
    .string({ error: 'Signed date is required.' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Signed date must be a date (YYYY-MM-DD).')
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'Signed date is not a real date.')
    .refine((s) => s >= '2000-01-01', 'Signed date must be in 2000 or later.')
    .refine((s) => s <= latestSignDate(), 'Signed date cannot be in the future.'),
  signatory: entityName('Signatory'),
  planTier: z.enum(PLAN_TIERS, { error: `Plan tier must be one of: ${PLAN_TIERS.join(', ')}.` }),
});
export type RecordBaaInput = z.infer<typeof recordBaaInput>;
