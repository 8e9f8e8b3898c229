import { RUN_SUFFIX, SEED_PASSWORD } from './env';

/** Who a test acts as. `otherOwner` owns the *other* workspace (tenant isolation). */
export type Role = 'owner' | 'member' | 'compliance' | 'otherOwner';
export type Actor = Role | 'anonymous';

export const ROLES: Role[] = ['owner', 'member', 'compliance', 'otherOwner'];
export const ACTORS: Actor[] = [...ROLES, 'anonymous'];

/** The seeded demo accounts (lib/server/seed/demo.ts). */
export const ACCOUNTS: Record<Role, { email: string; password: string; workspace: 'sunshine' | 'northwind' }> = {
  owner: { email: 'owner@sunshine-health.example', password: SEED_PASSWORD, workspace: 'sunshine' },
  member: { email: 'member@sunshine-health.example', password: SEED_PASSWORD, workspace: 'sunshine' },
  compliance: { email: 'compliance@sunshine-health.example', password: SEED_PASSWORD, workspace: 'sunshine' },
  otherOwner: { email: 'owner@northwind-clinic.example', password: SEED_PASSWORD, workspace: 'northwind' },
};

export const storageStatePath = (role: Role) => `e2e/.auth/${role}${RUN_SUFFIX}.json`;

/** A unique address per call, so no two tests (or runs) share lockout counters. */
export function throwawayEmail(tag: string): string {
  return `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@e2e.example`;
}
