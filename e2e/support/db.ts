// Direct access to the e2e server's PostgreSQL database (only when DATABASE_URL
// is set; an embedded PGlite is locked by the server process). Tests use it to
// set up what has no UI yet (a BAA, a throwaway user) and to assert rows.
import pg from 'pg';
import { hash } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';

export interface SessionRow {
  id: string;
  userId: string;
  createdAt: Date;
  lastActivityAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  idleTimeoutSec: number;
  revokedAt: Date | null;
  revokedReason: string | null;
}

export interface AuditRow {
  id: string;
  workspaceId: string | null;
  actorUserId: string | null;
  eventType: string;
  targetType: string | null;
  targetId: string | null;
}

// Same parameters as lib/server/sessions/password.ts (argon2id, OWASP baseline).
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export class E2eDb {
  private constructor(private readonly pool: pg.Pool) {}

  static open(url: string): E2eDb {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pool.on('error', () => {});
    return new E2eDb(pool);
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(sql, params)).rows;
  }

  async workspaceIdBySlug(slug: string): Promise<string> {
    const [row] = await this.query<{ id: string }>('SELECT id FROM "Workspace" WHERE slug = $1', [slug]);
    if (!row) throw new Error(`no workspace ${slug}`);
    return row.id;
  }

  async createWorkspace(name: string): Promise<string> {
    const id = randomUUID();
    await this.query('INSERT INTO "Workspace" (id, slug, name) VALUES ($1, $2, $3)', [
      id,
      `e2e-${id.slice(0, 8)}`,
      name,
    ]);
    return id;
  }

  /** A user with a known password and the given memberships. */
  async createUser(
    email: string,
    password: string,
    memberships: { workspaceId: string; role: 'owner' | 'member' | 'compliance' }[] = [],
  ): Promise<string> {
    const id = randomUUID();
    await this.query('INSERT INTO "User" (id, email, name, "passwordHash") VALUES ($1, $2, $3, $4)', [
      id,
      email,
      `E2E ${email.split('@')[0]}`,
      await hash(password, ARGON2),
    ]);
    for (const m of memberships) {
      await this.query('INSERT INTO "Membership" (id, "workspaceId", "userId", role) VALUES ($1, $2, $3, $4::"Role")', [
        randomUUID(),
        m.workspaceId,
        id,
        m.role,
      ]);
    }
    return id;
  }

  /** Records an active Business-tier BAA, which makes the workspace HIPAA eligible (15-minute idle limit). */
  async recordBaa(workspaceId: string, recordedById: string): Promise<string> {
    const id = randomUUID();
    await this.query(
      `INSERT INTO "Baa" (id, "workspaceId", "signedAt", signatory, "planTier", "recordedById") VALUES ($1, $2, CURRENT_DATE, 'E2E Signatory', 'business', $3)`,
      [id, workspaceId, recordedById],
    );
    return id;
  }

  async revokeBaa(id: string): Promise<void> {
    await this.query('UPDATE "Baa" SET "revokedAt" = now() WHERE id = $1 AND "revokedAt" IS NULL', [id]);
  }

  async sessionByTokenHash(tokenHash: string): Promise<SessionRow> {
    const [row] = await this.query<SessionRow>(
      'SELECT id, "userId", "createdAt", "lastActivityAt", "lastSeenAt", "expiresAt", "idleTimeoutSec", "revokedAt", "revokedReason" FROM "Session" WHERE "tokenHash" = $1',
      [tokenHash],
    );
    if (!row) throw new Error('session row not found');
    return row;
  }

  /** Moves a session's last user activity into the past, as if the user had been idle that long. */
  async ageSessionActivity(sessionId: string, seconds: number): Promise<void> {
    await this.query(`UPDATE "Session" SET "lastActivityAt" = now() - make_interval(secs => $2) WHERE id = $1`, [
      sessionId,
      seconds,
    ]);
  }

  /** Moves a session's creation and absolute expiry into the past (activity stays fresh). */
  async ageSessionLifetime(sessionId: string, seconds: number): Promise<void> {
    await this.query(
      `UPDATE "Session" SET "createdAt" = now() - make_interval(secs => $2),
         "expiresAt" = now() - make_interval(secs => $2) + interval '12 hours' WHERE id = $1`,
      [sessionId, seconds],
    );
  }

  async auditRows(where: { eventType: string; targetId?: string; actorUserId?: string }): Promise<AuditRow[]> {
    return this.query<AuditRow>(
      `SELECT id, "workspaceId", "actorUserId", "eventType", "targetType", "targetId" FROM "AuditLog"
        WHERE "eventType" = $1 AND ($2::text IS NULL OR "targetId" = $2) AND ($3::uuid IS NULL OR "actorUserId" = $3)
        ORDER BY seq`,
      [where.eventType, where.targetId ?? null, where.actorUserId ?? null],
    );
  }
}
