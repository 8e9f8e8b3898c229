// Session limits. HIPAA's automatic logoff, NIST SP 800-63B AAL3 and OWASP ASVS
// 5.0 (7.3.1, 7.3.2): 15 minutes idle for anyone in a HIPAA-eligible workspace,
// and re-authentication at least every 12 hours for everyone.
export const HIPAA_IDLE_SECONDS = 15 * 60;
export const DEFAULT_IDLE_SECONDS = Number(process.env.SESSION_IDLE_MINUTES ?? 60) * 60;
export const ABSOLUTE_LIFETIME_SECONDS = 12 * 60 * 60;
/** The client warns this long before the idle limit. */
export const IDLE_WARNING_SECONDS = 60;

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_SECONDS = 15 * 60;
export const IP_FAILURES_LIMIT = 30;
export const PLAN_TIERS = ['free', 'team', 'business'] as const;
export type PlanTier = (typeof PLAN_TIERS)[number];
/** As with Segment's BAA, only the Business tier makes a workspace HIPAA eligible. */
export const HIPAA_PLAN_TIER: PlanTier = 'business';
