import 'server-only';
import type { Grants, Permission, Role } from '@/lib/permissions';
import type { RequestMeta } from '@/lib/server/platform/request-meta';

// The request context every server function takes as its first argument. The
// types live in a leaf module so that audit/, sessions/ and the feature folders
// can all name them without importing each other.

export type { RequestMeta };

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface ValidSession {
  id: string;
  user: SessionUser;
  idleSeconds: number;
  lastActivityAt: Date;
  expiresAt: Date;
  mfaVerified: boolean;
}

export interface WorkspaceSummary {
  id: string;
  name: string;
  slug: string;
  hipaaEligible: boolean;
  requireMfa: boolean;
}

export interface SessionCtx {
  session: ValidSession;
  user: SessionUser;
  meta: RequestMeta;
}

export interface WorkspaceCtx extends SessionCtx {
  workspace: WorkspaceSummary;
  role: Role;
  grants: Grants;
  can: (p: Permission) => boolean;
}
