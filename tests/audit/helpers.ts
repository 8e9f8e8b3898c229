// Shared setup for the audit tests: a workspace-shaped id and a default actor.
import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '@/lib/server/audit/record';

export const newWorkspaceId = () => randomUUID();

export function entry(workspaceId: string | null, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    workspaceId,
    actorUserId: randomUUID(),
    actorType: 'user',
    eventType: 'audit.viewed',
    ip: '203.0.113.7',
    userAgent: 'vitest',
    requestId: randomUUID(),
    ...over,
  };
}
