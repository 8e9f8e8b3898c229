// Signed checkpoints of the audit chains: what is signed, where it goes (database,
// JSONL file, webhook), when (on demand, on export, on verify, hourly for moved
// chains only), what the console shows about them, and how a verifier judges a
// checkpoint that was forged or edited.
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { callRoute, DEMO } from '@/tests/support/route-call';
import { workspaceId } from '@/tests/support/ctx';
import { seedDemo } from '@/lib/server/seed/demo';
import { recordAudit } from '@/lib/server/audit/record';
import {
  checkpointSignatureValid,
  createCheckpoints,
  readCheckpointFile,
  signCheckpoint,
  type Checkpoint,
} from '@/lib/server/audit-log/checkpoints';
import { verifyCheckpoints } from '@/lib/server/audit-log/checkpoint-verify';
import { checkpointIntervalMinutes } from '@/lib/server/audit-log/checkpoint-timer';
import { loadSigningKey, parseSigningKey, trustedPublicKeys } from '@/lib/server/audit-log/signing-key';
import { GET as statusRoute, POST as verifyRoute } from '@/app/api/workspaces/[workspaceId]/audit/verify/route';
import { POST as checkpointRoute } from '@/app/api/workspaces/[workspaceId]/audit/checkpoints/route';
import { GET as exportRoute } from '@/app/api/workspaces/[workspaceId]/audit/export/route';
import type { AuditCheckpointStatusView, AuditCheckpointView, AuditVerifyView } from '@/lib/schemas/audit';
import { entry } from './helpers';

const db = useServerDb();
let dir: string;
let file: string;
let ws: string;
let hook: { server: http.Server; url: string; bodies: unknown[] };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pc-checkpoints-'));
  file = path.join(dir, 'audit-checkpoints.jsonl');
  process.env.AUDIT_CHECKPOINT_FILE = file;
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_checkpoints' });
  ws = await workspaceId('sunshine-health');
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      bodies.push({ auth: req.headers.authorization, body: JSON.parse(raw) as unknown });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  hook = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/siem`, bodies };
});
afterAll(async () => {
  process.env.AUDIT_CHECKPOINT_FILE = 'off';
  delete process.env.AUDIT_CHECKPOINT_WEBHOOK;
  delete process.env.OUTBOUND_ALLOWLIST;
  await new Promise<void>((r) => hook?.server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  delete process.env.AUDIT_CHECKPOINT_WEBHOOK;
});

const fileLines = (): string[] => {
  const text = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  return text ? text.split('\n') : [];
};
const head = (chainKey: string) => db.current.prisma.auditChainHead.findUniqueOrThrow({ where: { chainKey } });

describe('createCheckpoints', () => {
  it('signs every chain head and writes each checkpoint to the database and the file', async () => {
    const before = fileLines().length;
    const run = await createCheckpoints(db.current.prisma, { reason: 'manual' });
    const heads = await db.current.prisma.auditChainHead.findMany();
    expect(run.made).toHaveLength(heads.length);
    expect(run.targets).toEqual(['file']);
    const key = loadSigningKey()!;
    for (const c of run.made) {
      const h = heads.find((x) => x.chainKey === c.chainKey)!;
      expect(c).toMatchObject({ v: 1, seq: String(h.seq), lastHash: h.hash, keyId: key.keyId, reason: 'manual' });
      expect(BigInt(c.rowCount)).toBe(
        BigInt(await db.current.prisma.auditLog.count({ where: { chainKey: c.chainKey } })),
      );
      expect(checkpointSignatureValid(c, key.publicKey)).toBe(true);
    }
    const lines = fileLines()
      .slice(before)
      .map((l) => JSON.parse(l) as Checkpoint);
    expect(lines).toEqual(run.made);
    const rows = await db.current.prisma.auditCheckpoint.findMany({ where: { id: { in: run.made.map((c) => c.id) } } });
    expect(rows).toHaveLength(run.made.length);
    expect(rows.every((r) => r.targets.join() === 'file')).toBe(true);
  });

  it('the hourly run signs only the chains that moved since their last checkpoint', async () => {
    await createCheckpoints(db.current.prisma, { reason: 'scheduled', onlyChanged: true });
    expect(await createCheckpoints(db.current.prisma, { reason: 'scheduled', onlyChanged: true })).toMatchObject({
      made: [],
      skipped: 'unchanged',
    });
    await recordAudit(db.current.prisma, entry(ws));
    const run = await createCheckpoints(db.current.prisma, { reason: 'scheduled', onlyChanged: true });
    expect(run.made.map((c) => c.chainKey)).toEqual([ws]);
    expect(run.made[0]!.seq).toBe(String((await head(ws)).seq));
  });

  it('posts the checkpoints to the webhook when one is configured, through the outbound guard', async () => {
    process.env.OUTBOUND_ALLOWLIST = '127.0.0.1';
    process.env.AUDIT_CHECKPOINT_WEBHOOK = hook.url;
    process.env.AUDIT_CHECKPOINT_WEBHOOK_AUTH = 'Splunk test-token';
    try {
      const run = await createCheckpoints(db.current.prisma, { reason: 'manual', chainKey: ws });
      expect(run.targets).toEqual(['file', 'webhook']);
      expect(hook.bodies.at(-1)).toEqual({
        auth: 'Splunk test-token',
        body: { type: 'privacy-console.audit-checkpoints', checkpoints: run.made },
      });
      // Refused by the SSRF guard without the allowlist: kept in the database and the file only.
      delete process.env.OUTBOUND_ALLOWLIST;
      const refused = await createCheckpoints(db.current.prisma, { reason: 'manual', chainKey: ws });
      expect(refused.targets).toEqual(['file']);
    } finally {
      delete process.env.AUDIT_CHECKPOINT_WEBHOOK_AUTH;
    }
  });

  it('keeps a checkpoint in the database when the file cannot be written', async () => {
    process.env.AUDIT_CHECKPOINT_FILE = path.join(dir, 'not-a-dir.jsonl', 'x.jsonl');
    writeFileSync(path.join(dir, 'not-a-dir.jsonl'), 'a file, not a directory');
    try {
      const run = await createCheckpoints(db.current.prisma, { reason: 'manual', chainKey: ws });
      expect(run.made).toHaveLength(1);
      expect(run.targets).toEqual([]);
      expect(await db.current.prisma.auditCheckpoint.count({ where: { id: run.made[0]!.id } })).toBe(1);
    } finally {
      process.env.AUDIT_CHECKPOINT_FILE = file;
    }
  });

  it('makes none without a signing key', async () => {
    const saved = process.env.AUDIT_SIGNING_KEY;
    process.env.AUDIT_SIGNING_KEY = '';
    const cwd = process.cwd();
    process.chdir(dir); // no .data/secrets.json here either
    try {
      expect(await createCheckpoints(db.current.prisma, { reason: 'manual' })).toMatchObject({
        made: [],
        skipped: 'no_signing_key',
      });
    } finally {
      process.chdir(cwd);
      process.env.AUDIT_SIGNING_KEY = saved;
    }
  });

  it('reads the interval from AUDIT_CHECKPOINT_INTERVAL_MINUTES (default hourly, 0 off)', () => {
    expect(checkpointIntervalMinutes({})).toBe(60);
    expect(checkpointIntervalMinutes({ AUDIT_CHECKPOINT_INTERVAL_MINUTES: '15' })).toBe(15);
    expect(checkpointIntervalMinutes({ AUDIT_CHECKPOINT_INTERVAL_MINUTES: '0' })).toBe(0);
    expect(checkpointIntervalMinutes({ AUDIT_CHECKPOINT_INTERVAL_MINUTES: 'x' })).toBe(60);
  });
});

describe('verifyCheckpoints', () => {
  const verify = (files: string[]) =>
    verifyCheckpoints(db.current.prisma, { chainKey: ws, files, publicKeys: trustedPublicKeys() });

  it('accepts an intact chain against every checkpoint in the database and the file', async () => {
    await createCheckpoints(db.current.prisma, { reason: 'manual', chainKey: ws });
    const r = await verify([file]);
    expect(r).toMatchObject({ ok: true, bad: [], firstBad: null, malformed: [] });
    expect(r.checked).toBeGreaterThan(0);
  });

  it('refuses a checkpoint signed by another key, one edited after signing, and a malformed line', async () => {
    const own = await createCheckpoints(db.current.prisma, { reason: 'manual', chainKey: ws });
    const stranger = parseSigningKey(
      generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url'),
    );
    const h = await head(ws);
    const forged = signCheckpoint(
      {
        id: '00000000-0000-4000-8000-000000000001',
        chainKey: ws,
        seq: String(h.seq),
        rowCount: own.made[0]!.rowCount,
        lastHash: h.hash,
        signedAt: new Date().toISOString(),
        reason: 'manual',
      },
      stranger,
    );
    const edited = { ...own.made[0]!, id: '00000000-0000-4000-8000-000000000002', lastHash: 'f'.repeat(64) };
    const other = path.join(dir, 'kept-elsewhere.jsonl');
    writeFileSync(other, [forged, edited].map((c) => JSON.stringify(c)).join('\n') + '\n{"not":"a checkpoint"}\n');
    const r = await verify([other]);
    expect(r.ok).toBe(false);
    expect(r.bad.map((b) => [b.id, b.problem])).toEqual(
      expect.arrayContaining([
        [forged.id, 'unknown_key'],
        [edited.id, 'bad_signature'],
      ]),
    );
    expect(r.malformed).toEqual([`${other}:3`]);
    expect((await readCheckpointFile(other)).checkpoints).toHaveLength(2);
  });
});

describe('the console: Verify integrity, the checkpoint route and export', () => {
  const params = () => ({ workspaceId: ws });

  it('shows when the last checkpoint was made and where checkpoints go', async () => {
    const r = await callRoute<AuditCheckpointStatusView>(statusRoute, { as: DEMO.compliance, params: params() });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      signing: { configured: true, keyId: loadSigningKey()!.keyId },
      destinations: { file, webhook: null },
      intervalMinutes: 60,
    });
    expect(r.body.lastCheckpoint).toMatchObject({ seq: expect.any(String), targets: expect.any(Array) });
    // Never the signature itself: the console shows when and where, a verifier reads the file.
    expect(r.text).not.toMatch(/"sig"|"signature"/);
  });

  it('verifying an intact chain checks it against its checkpoints and signs it', async () => {
    const r = await callRoute<AuditVerifyView>(verifyRoute, { as: DEMO.owner, params: params(), method: 'POST' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, checkpoints: { ok: true, firstBad: null } });
    expect(r.body.checkpoints.checked).toBeGreaterThan(0);
    expect(r.body.lastCheckpoint).toMatchObject({ reason: 'verify', targets: ['file'] });
    // The signed head is the verified one; "Audit Log Verified" follows it.
    expect(BigInt(r.body.lastCheckpoint!.seq)).toBe((await head(ws)).seq - 1n);
  });

  it('POST /audit/checkpoints signs on demand and is recorded', async () => {
    const r = await callRoute<AuditCheckpointView>(checkpointRoute, {
      as: DEMO.compliance,
      params: params(),
      method: 'POST',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ reason: 'manual', targets: ['file'] });
    const row = await db.current.prisma.auditLog.findFirstOrThrow({
      where: { workspaceId: ws, eventType: 'audit.checkpoint_signed' },
      orderBy: { seq: 'desc' },
    });
    expect(row.seq - 1n).toBe(BigInt(r.body.seq));
    expect(fileLines().some((l) => (JSON.parse(l) as Checkpoint).id === r.body.id)).toBe(true);
  });

  it('every export signs the head, the export row included', async () => {
    const r = await callRoute(exportRoute, { as: DEMO.compliance, params: params(), path: '/export' });
    expect(r.status).toBe(200);
    const cp = await db.current.prisma.auditCheckpoint.findFirstOrThrow({
      where: { chainKey: ws },
      orderBy: { signedAt: 'desc' },
    });
    const exported = await db.current.prisma.auditLog.findFirstOrThrow({
      where: { workspaceId: ws, eventType: 'audit.exported' },
      orderBy: { seq: 'desc' },
    });
    expect(cp).toMatchObject({ reason: 'export', seq: exported.seq, lastHash: exported.hash });
  });

  it('is for owners and compliance only', async () => {
    for (const handler of [statusRoute, verifyRoute, checkpointRoute]) {
      const method = handler === statusRoute ? 'GET' : 'POST';
      expect((await callRoute(handler, { as: DEMO.member, params: params(), method })).status).toBe(403);
      expect((await callRoute(handler, { as: DEMO.otherOwner, params: params(), method })).status).toBe(404);
    }
  });
});
