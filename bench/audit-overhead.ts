/**
 * Audited-read overhead of the console's real PHI reads, for bench/audit.bench.ts.
 *
 * Each read is the route handler a browser calls (a NextRequest carrying a real
 * signed session cookie, so session validation, membership, permission checks,
 * the queries and the JSON body are all included), run twice per round in random
 * order:
 *   - audited: the normal process database; the audit row is appended and
 *     committed (a durable WAL flush) before the handler returns;
 *   - unaudited: the same handler, code and data on a second client of the same
 *     database whose audit writer (lib/server/db.ts registerDirectSql, the seam that
 *     routes a standalone append to the driver) returns a receipt without
 *     writing. Nothing else differs, so the difference is the audit.
 * After the run it checks that the audited side wrote exactly one row per call
 * and the unaudited side none.
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { NextRequest } from 'next/server';
import { encode } from 'next-auth/jwt';
import { createDb, setDbForProcess } from '../lib/server/db';
import type { DbTarget } from '../lib/db/config';
import { registerDirectSql } from '../lib/server/db';
import { createSession } from '../lib/server/sessions/sessions';
import { sealSecrets } from '../lib/server/destinations/secrets';
import type { AuditEventType } from '../lib/audit-events';
import { GET as debuggerRawGET } from '../app/api/workspaces/[workspaceId]/sources/[sourceId]/debugger/[eventId]/raw/route';
import { GET as destinationGET } from '../app/api/workspaces/[workspaceId]/destinations/[destinationId]/route';
import { GET as auditLogGET } from '../app/api/workspaces/[workspaceId]/audit/route';
import { BENCH_SOURCE, BENCH_WORKSPACES } from './audit-load';

type Handler = (req: NextRequest, args: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface ReadResult {
  name: string;
  eventType: AuditEventType;
  plain: number[];
  audited: number[];
  bytes: number;
}

const WORKSPACE = BENCH_WORKSPACES[1];
const OWNER_EMAIL = 'owner@audit-bench.example';

/** Makes workspace 2 of the bench data a real workspace: owner with PII access, the debugger's source, a destination. */
async function ensureWorkspace(prisma: Awaited<ReturnType<typeof createDb>>['prisma']) {
  await prisma.workspace.upsert({
    where: { id: WORKSPACE },
    update: {},
    create: { id: WORKSPACE, slug: 'audit-bench-clinic', name: 'Audit Bench Clinic' },
  });
  const user = await prisma.user.upsert({
    where: { email: OWNER_EMAIL },
    update: {},
    // Never signs in with a password: the bench creates its session directly.
    create: { email: OWNER_EMAIL, name: 'Bench Owner', passwordHash: '!bench-no-password-login' },
  });
  const member = await prisma.membership.findFirst({ where: { workspaceId: WORKSPACE, userId: user.id } });
  if (!member)
    await prisma.membership.create({
      data: { workspaceId: WORKSPACE, userId: user.id, role: 'owner', piiAccess: true },
    });
  await prisma.source.upsert({
    where: { id: BENCH_SOURCE },
    update: {},
    create: { id: BENCH_SOURCE, workspaceId: WORKSPACE, name: 'Patient Portal', type: 'http_api' },
  });
  let dest = await prisma.destination.findFirst({ where: { workspaceId: WORKSPACE, name: 'Bench Webhook' } });
  if (!dest) {
    const id = randomUUID();
    dest = await prisma.destination.create({
      data: {
        id,
        workspaceId: WORKSPACE,
        sourceId: BENCH_SOURCE,
        catalogId: 'webhook',
        name: 'Bench Webhook',
        settings: { url: 'https://hooks.example.com/bench' },
        secretsEnc: sealSecrets(id, { sharedSecret: 'bench-secret' }),
      },
    });
  }
  const events = await prisma.event.findMany({
    where: { workspaceId: WORKSPACE, sourceId: BENCH_SOURCE },
    orderBy: { receivedAt: 'desc' },
    take: 200,
    select: { id: true },
  });
  return { userId: user.id, destinationId: dest.id, eventIds: events.map((e) => e.id) };
}

export async function measureRouteOverhead(target: DbTarget, rounds: number, warmup: number): Promise<ReadResult[]> {
  process.env.NEXTAUTH_SECRET ||= 'audit-bench-secret';
  process.env.APP_ENCRYPTION_KEY ||= '5a'.repeat(32);
  const real = await createDb(target);
  const twin = await createDb(target);
  // The unaudited twin: standalone audit appends on this client are not written.
  registerDirectSql(twin.prisma, async () => [
    { audit_id: '00000000-0000-4000-8000-000000000000', audit_seq: '0', audit_hash: '' },
  ]);
  try {
    setDbForProcess(real);
    const seed = await ensureWorkspace(real.prisma);
    const sid = await createSession(
      seed.userId,
      { ip: '203.0.113.9', userAgent: 'audit-bench', requestId: 'bench' },
      true,
    );
    const cookie = `next-auth.session-token=${await encode({ token: { sid }, secret: process.env.NEXTAUTH_SECRET })}`;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)] as T;

    const reads: {
      name: string;
      eventType: AuditEventType;
      handler: Handler;
      req: () => { path: string; params: Record<string, string> };
    }[] = [
      {
        name: 'Source Debugger Raw view of one event',
        eventType: 'source_debugger.raw_viewed',
        handler: debuggerRawGET as unknown as Handler,
        req: () => {
          const eventId = pick(seed.eventIds);
          return {
            path: `/api/workspaces/${WORKSPACE}/sources/${BENCH_SOURCE}/debugger/${eventId}/raw`,
            params: { workspaceId: WORKSPACE, sourceId: BENCH_SOURCE, eventId },
          };
        },
      },
      {
        name: 'destination settings',
        eventType: 'destination.settings_viewed',
        handler: destinationGET as unknown as Handler,
        req: () => ({
          path: `/api/workspaces/${WORKSPACE}/destinations/${seed.destinationId}`,
          params: { workspaceId: WORKSPACE, destinationId: seed.destinationId },
        }),
      },
      {
        name: 'audit log first page (500,000+ rows)',
        eventType: 'audit.viewed',
        handler: auditLogGET as unknown as Handler,
        req: () => ({ path: `/api/workspaces/${WORKSPACE}/audit`, params: { workspaceId: WORKSPACE } }),
      },
    ];

    const out: ReadResult[] = [];
    for (const read of reads) {
      const before = await real.prisma.auditLog.count({
        where: { workspaceId: WORKSPACE, actorUserId: seed.userId, eventType: read.eventType },
      });
      let bytes = 0;
      const call = async (handle: typeof real) => {
        setDbForProcess(handle);
        const { path, params } = read.req();
        const res = await read.handler(
          new NextRequest(`http://localhost${path}`, {
            headers: { cookie, host: 'localhost', 'user-agent': 'audit-bench' },
          }),
          { params: Promise.resolve(params) },
        );
        const text = await res.text();
        if (res.status !== 200) throw new Error(`${read.name}: HTTP ${res.status} ${text.slice(0, 200)}`);
        bytes = text.length;
      };
      const sides = [
        ['audited', real],
        ['plain', twin],
      ] as const;
      for (let i = 0; i < warmup; i++) for (const [, h] of sides) await call(h);
      const r: ReadResult = { name: read.name, eventType: read.eventType, plain: [], audited: [], bytes: 0 };
      for (let i = 0; i < rounds; i++) {
        for (const [side, h] of [...sides].sort(() => Math.random() - 0.5)) {
          const t0 = performance.now();
          await call(h);
          r[side].push(performance.now() - t0);
        }
      }
      r.bytes = bytes;
      const after = await real.prisma.auditLog.count({
        where: { workspaceId: WORKSPACE, actorUserId: seed.userId, eventType: read.eventType },
      });
      if (after - before !== warmup + rounds)
        throw new Error(
          `${read.name}: expected ${warmup + rounds} audit rows from the audited side, found ${after - before}`,
        );
      out.push(r);
    }
    return out;
  } finally {
    await twin.close();
    await real.close();
  }
}
