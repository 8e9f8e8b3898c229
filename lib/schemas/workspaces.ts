// Workspace and BAA inputs, shared by the API routes and the forms.
import { z } from 'zod';
import { PLAN_TIERS } from '@/lib/sessions/policy';
import { entityName } from './names';
import { isoTimestamp } from './common';

export const createWorkspaceInput = z.object({ name: entityName('Workspace name') });
export const renameWorkspaceInput = z.object({ name: entityName('Workspace name') });

export const PLAN_TIER_LABELS: Record<(typeof PLAN_TIERS)[number], string> = {
  free: 'Free',
  team: 'Team',
  business: 'Business',
};

/** The day after today (UTC): a signature dated in the future is a typo, with a day of slack for time zones. */
function latestSignDate(): string {
  return new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
}

export const recordBaaInput = z.object({
  signedAt: z
    .string({ error: 'Signed date is required.' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Signed date must be a date (YYYY-MM-DD).')
    .refine(
      (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
      'Signed date is not a real date.',
    )
    .refine((s) => s >= '2000-01-01', 'Signed date must be in 2000 or later.')
    .refine((s) => s <= latestSignDate(), 'Signed date cannot be in the future.'),
  signatory: entityName('Signatory'),
  planTier: z.enum(PLAN_TIERS, { error: `Plan tier must be one of: ${PLAN_TIERS.join(', ')}.` }),
});
export type RecordBaaInput = z.infer<typeof recordBaaInput>;

// ---- Responses (allow-lists: nothing else leaves the server) ----------------

/** POST /workspaces and PATCH /workspaces/:id. */
export const workspaceRefView = z.object({ id: z.string(), name: z.string(), slug: z.string() });
export type WorkspaceRefView = z.infer<typeof workspaceRefView>;

export const baaView = z.object({
  id: z.string(),
  /** The date on the signed document (YYYY-MM-DD). */
  signedAt: z.iso.date(),
  signatory: z.string(),
  planTier: z.string(),
  recordedAt: isoTimestamp,
  revokedAt: isoTimestamp.nullable(),
});
export type BaaView = z.infer<typeof baaView>;

/** GET/POST/DELETE /baa. */
export const baaStatusView = z.object({
  eligible: z.boolean(),
  active: baaView.nullable(),
  gaps: z.array(z.string()),
  /** Set when the most recent BAA was revoked and none is active: PHI screens show a warning. */
  revoked: baaView.nullable(),
  history: z.array(baaView),
});
export type BaaStatus = z.infer<typeof baaStatusView>;

/** PATCH /security. */
export const securityResponse = z.object({ requireMfa: z.boolean() });
