import 'server-only';
import { getDb } from '@/lib/server/db';
import { hashPassword } from '@/lib/server/sessions/password';
import { auditedChange } from '@/lib/server/audit/change';
import type { AuditActor } from '@/lib/server/audit/record';
import { generateWriteKey, hashWriteKey, writeKeyPrefix } from '@/lib/server/sources/write-keys';
import type { Role } from '@/lib/permissions';

export const DEMO_USERS: { email: string; name: string; role: Role; workspace: 'sunshine' | 'northwind' }[] = [
  { email: 'owner@sunshine-health.example', name: 'Olivia Owner', role: 'owner', workspace: 'sunshine' },
  { email: 'member@sunshine-health.example', name: 'Marco Member', role: 'member', workspace: 'sunshine' },
  { email: 'compliance@sunshine-health.example', name: 'Carla Compliance', role: 'compliance', workspace: 'sunshine' },
  { email: 'owner@northwind-clinic.example', name: 'Nora Northwind', role: 'owner', workspace: 'northwind' },
];

const WORKSPACES = {
  sunshine: { slug: 'sunshine-health', name: 'Sunshine Health' },
  northwind: { slug: 'northwind-clinic', name: 'Northwind Clinic' },
} as const;

/** Seeding is a system job: its rows name no user, and each goes to its workspace's chain. */
const SEED_ACTOR: AuditActor = { workspaceId: null, actorUserId: null, actorType: 'system' };

export async function seedDemo(opts: { password: string; writeKey?: string }) {
  const db = await getDb();
  if (await db.workspace.findUnique({ where: { slug: WORKSPACES.sunshine.slug }, select: { id: true } })) {
    return { created: false as const };
  }
  const passwordHash = await hashPassword(opts.password);
  const sunshineKey = opts.writeKey ?? generateWriteKey();
  return auditedChange(
    SEED_ACTOR,
    ['workspace.created', 'source.created'],
    async (tx, audit) => {
      const ids: Record<string, string> = {};
      for (const [k, w] of Object.entries(WORKSPACES)) {
        const ws = await tx.workspace.create({ data: w });
        ids[k] = ws.id;
        audit.record({
          eventType: 'workspace.created',
          workspaceId: ws.id,
          target: { type: 'workspace', id: ws.id },
          changes: { name: w.name },
        });
        const key = k === 'sunshine' ? sunshineKey : generateWriteKey();
        const source = await tx.source.create({
          data: { workspaceId: ws.id, name: 'Patient Portal (HTTP API)', type: 'http_api' },
        });
        await tx.writeKey.create({
          data: { workspaceId: ws.id, sourceId: source.id, keyHash: hashWriteKey(key), prefix: writeKeyPrefix(key) },
        });
        audit.record({
          eventType: 'source.created',
          workspaceId: ws.id,
          target: { type: 'source', id: source.id },
          changes: { name: source.name, type: source.type },
        });
      }
      for (const u of DEMO_USERS) {
        const user = await tx.user.create({ data: { email: u.email, name: u.name, passwordHash } });
        await tx.membership.create({ data: { workspaceId: ids[u.workspace], userId: user.id, role: u.role } });
      }
      return {
        created: true as const,
        writeKey: sunshineKey,
        users: DEMO_USERS.map((u) => ({ email: u.email, role: u.role, workspace: WORKSPACES[u.workspace].name })),
      };
    },
    { timeoutMs: 30_000 },
  );
}
