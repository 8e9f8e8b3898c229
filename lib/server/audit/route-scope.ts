import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditEventType } from '@/lib/audit-events';
import type { Permission } from '@/lib/permissions';
import { processSingleton } from '@/lib/server/platform/process-singleton';
import { AppError } from '@/lib/server/errors';
import { log } from '@/lib/server/log';

// What a route handler declared about auditing (its `audit` option), carried
// through the request so that auditedChange / auditedRead can check every row
// they write against it. The declaration is the single source of the route
// registry (tests/support/route-registry.ts reads it off each exported handler).

export type RouteAudit =
  /** Returns PHI: writes exactly one row of `event` per request, committed before the data. */
  | { kind: 'phi-read'; event: AuditEventType }
  /** Changes something (or is an audited action): rows of these kinds, in the same transaction. */
  | { kind: 'audited'; events: readonly AuditEventType[] }
  /** Writes no audit row, and says why that is safe. */
  | { kind: 'none'; why: string };

/** What a route handler or page declares: read off each export by the route registry. */
export interface RouteDeclaration {
  audit: RouteAudit;
  permission?: Permission;
  auth: 'public' | 'session' | 'workspace';
}

export const phiRead = (event: AuditEventType): RouteAudit => ({ kind: 'phi-read', event });
export const audited = (...events: AuditEventType[]): RouteAudit => ({ kind: 'audited', events });
export const noAudit = (why: string): RouteAudit => ({ kind: 'none', why });

/** The kinds a declaration allows: a phi-read may only write its one event. */
export function allowedKinds(a: RouteAudit): readonly AuditEventType[] {
  if (a.kind === 'phi-read') return [a.event];
  if (a.kind === 'audited') return a.events;
  return [];
}

const scope = processSingleton('audit.route-scope', () => new AsyncLocalStorage<readonly AuditEventType[]>());

export function withDeclaredAudit<T>(a: RouteAudit, fn: () => T): T {
  return scope.run(allowedKinds(a), fn);
}

/** The kinds the current route declared, or undefined outside a route (scripts, workers, tests calling services). */
export function declaredAuditKinds(): readonly AuditEventType[] | undefined {
  return scope.getStore();
}

/**
 * A route declares which audit kinds it may write (withWorkspace's `audit`
 * option). Writing another kind is a programming error: tests fail on it;
 * production logs it and still writes the row (the audit trail must not lose it).
 */
export function checkDeclared(eventType: AuditEventType): void {
  const declared = declaredAuditKinds();
  if (!declared || declared.includes(eventType)) return;
  const message = `Audit kind ${eventType} is not declared by this route (declared: ${declared.join(', ') || 'none'}).`;
  if (process.env.NODE_ENV === 'test' || process.env.VITEST) throw new AppError('internal', message);
  log.error('audit.undeclared_kind', { eventType, declared: declared.join(',') });
}
