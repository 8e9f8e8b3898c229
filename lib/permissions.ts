// The one permission table. The server checks it (lib/server/context/workspace.ts) and the
// UI reads the same table to hide what a role cannot do. Strings are `resource.verb`.
export const ROLES = ['owner', 'member', 'compliance'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'workspace.read': ['owner', 'member', 'compliance'],
  'workspace.update': ['owner'],
  'settings.read': ['owner', 'member', 'compliance'],
  'members.read': ['owner', 'compliance'],
  'members.manage': ['owner'],
  'baa.manage': ['owner'],
  'security.manage': ['owner'],
  'sources.read': ['owner', 'member', 'compliance'],
  'sources.write': ['owner', 'member'],
  // Privacy Controls: block Red fields at source (Segment: owners only).
  'sources.blocking': ['owner'],
  'destinations.read': ['owner', 'member', 'compliance'],
  'destinations.write': ['owner', 'member'],
  // Overriding a destination's BAA status changes which PHI warnings fire.
  'destinations.baa_override': ['owner'],
  'encryption.manage': ['owner', 'member'],
  // Pasting a public key generated elsewhere instead of one generated in the browser.
  'encryption.byok': ['owner'],
  'debugger.read': ['owner', 'member'],
  // Functions: owners write and deploy code; compliance reads code and versions;
  // members connect a deployed function (and see only what Connect needs).
  'functions.read': ['owner', 'compliance'],
  'functions.write': ['owner'],
  'functions.connect': ['owner', 'member'],
  'privacy.read': ['owner', 'member', 'compliance'],
  'privacy.classify': ['owner'],
  'privacy.matchers': ['owner'],
  'pii.unmasked': ['owner'],
  'audit.read': ['owner', 'compliance'],
  'audit.export': ['owner', 'compliance'],
  'audit.verify': ['owner', 'compliance'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export interface Grants {
  piiAccess: boolean;
}

/** Non-owners see unmasked PHI only when an owner granted them "PII access". */
export function can(role: Role, permission: Permission, grants: Grants = { piiAccess: false }): boolean {
  if (permission === 'pii.unmasked' && grants.piiAccess) return true;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function permissionsFor(role: Role, grants: Grants): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p, grants));
}
