// Hashing (HMAC secret generated server-side, sealed, shown once, rotatable),
// the never-both rule between encryption and hashing, and re-authentication
// for protection changes in a HIPAA-eligible workspace.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { useServerDb } from '@/tests/support/server-db';
import { workspaceId } from '@/tests/support/ctx';
import { callRoute, DEMO } from '@/tests/support/route-call';
import { tablesContaining } from '@/tests/support/db-scan';
import { api, generated, keyPair, makeDestination, type Err } from '@/tests/support/encryption';
import { seedDemo } from '@/lib/server/seed/demo';
import { openHmacSecret } from '@/lib/server/destinations/protection/hashing';
import { POST as reauthRoute } from '@/app/api/session/reauth/route';
import type { EncryptionStateView, HashingChangeResult } from '@/lib/schemas/encryption';

const PASSWORD = 'correct horse battery';
const db = useServerDb();
let ws: string;
let dest: string;
let firstSecret: string;

const audits = (targetId: string, eventType: string) =>
  db.current.prisma.auditLog.findMany({ where: { targetId, eventType }, orderBy: { seq: 'asc' } });

beforeAll(async () => {
  await seedDemo({ password: PASSWORD, writeKey: 'wk_test_hashing' });
  ws = await workspaceId('sunshine-health');
  dest = (await makeDestination(db.current.prisma, ws)).id;
});

describe('hashing', () => {
  it('enables HMAC hashing: a 32-byte secret is returned once, sealed at rest, never audited', async () => {
    const r = await api.putHashing<HashingChangeResult>(DEMO.member, ws, dest, { fields: ['phone', 'email'] });
    expect(r.status, r.text).toBe(200);
    expect(r.body.state.hashing).toEqual({ enabled: true, fields: ['phone', 'email'], mode: 'hmac', secretSet: true });
    expect(r.body.hmacSecret).toMatchObject({ encoding: 'hex', algorithm: 'HMAC-SHA256' });
    firstSecret = r.body.hmacSecret!.value;
    expect(firstSecret).toMatch(/^[0-9a-f]{64}$/);
    const row = await db.current.prisma.destination.findUniqueOrThrow({ where: { id: dest } });
    expect(row.hmacSecretEnc).not.toContain(firstSecret);
    expect(openHmacSecret(dest, row.hmacSecretEnc!).toString('hex')).toBe(firstSecret);
    expect(await tablesContaining(db.current.raw, firstSecret)).toEqual([]);
    const [a] = await audits(dest, 'destination.hashing_enabled');
    expect(a.changes).toEqual({ hashedFields: ['phone', 'email'], hashMode: 'hmac', hmacIssued: true });
    // Reading the tab later never shows it again.
    const view = await api.view<EncryptionStateView>(DEMO.owner, ws, dest);
    expect(view.text).not.toContain(firstSecret);
  });

  it('a field is either encrypted or hashed, never both (400 with the field names)', async () => {
    const both = await api.putEncryption<Err>(DEMO.member, ws, dest, {
      fields: ['email', 'first name'],
      publicKey: generated(keyPair(0)),
    });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toBe(
      'A field cannot be both encrypted and hashed for one destination: "email" is already hashed. Remove it from hashing first.',
    );
    const ok = await api.putEncryption<EncryptionStateView>(DEMO.member, ws, dest, {
      fields: ['first name'],
      publicKey: generated(keyPair(0)),
    });
    expect(ok.status).toBe(200);
    const back = await api.putHashing<Err>(DEMO.member, ws, dest, { fields: ['phone', 'email', 'firstName'] });
    expect(back.status).toBe(400);
    expect(back.body.error.message).toBe(
      'A field cannot be both encrypted and hashed for one destination: "first name" is already encrypted. Remove it from encryption first.',
    );
  });

  it('modifies fields and mode (plain SHA-256); rotation needs HMAC', async () => {
    const r = await api.putHashing<HashingChangeResult>(DEMO.member, ws, dest, { fields: ['phone'], mode: 'sha256' });
    expect(r.status).toBe(200);
    expect(r.body.hmacSecret).toBeNull();
    const [m] = await audits(dest, 'destination.hashing_modified');
    expect(m.changes).toEqual({
      before: { hashedFields: ['phone', 'email'], hashMode: 'hmac' },
      after: { hashedFields: ['phone'], hashMode: 'sha256' },
      hmacIssued: false,
    });
    const rot = await api.rotate<Err>(DEMO.member, ws, dest);
    expect(rot.status).toBe(400);
    expect(rot.body.error.message).toMatch(/applies to HMAC-SHA256/);
    // Back to HMAC: the stored secret is reused (hashes stay stable), not shown again.
    const back = await api.putHashing<HashingChangeResult>(DEMO.member, ws, dest, { fields: ['phone'], mode: 'hmac' });
    expect(back.body.hmacSecret).toBeNull();
  });

  it('rotates the secret: new value once, old one gone, audited without it', async () => {
    const r = await api.rotate<HashingChangeResult>(DEMO.owner, ws, dest);
    expect(r.status).toBe(200);
    const next = r.body.hmacSecret!.value;
    expect(next).toMatch(/^[0-9a-f]{64}$/);
    expect(next).not.toBe(firstSecret);
    const row = await db.current.prisma.destination.findUniqueOrThrow({ where: { id: dest } });
    expect(openHmacSecret(dest, row.hmacSecretEnc!).toString('hex')).toBe(next);
    const [a] = await audits(dest, 'destination.hash_secret_rotated');
    expect(a.changes).toEqual({ hashMode: 'hmac', hashedFields: ['phone'] });
    expect(await tablesContaining(db.current.raw, next)).toEqual([]);
    expect(await tablesContaining(db.current.raw, firstSecret)).toEqual([]);
    // The sealed value is bound to its destination.
    const other = (await makeDestination(db.current.prisma, ws)).id;
    expect(() => openHmacSecret(other, row.hmacSecretEnc!)).toThrow();
  });

  it('disables hashing (secret kept for a later re-enable), audited', async () => {
    const r = await api.disableHashing<{ state: EncryptionStateView }>(DEMO.member, ws, dest);
    expect(r.status).toBe(200);
    expect(r.body.state.hashing).toMatchObject({ enabled: false, secretSet: true });
    expect((await audits(dest, 'destination.hashing_disabled'))[0].changes).toEqual({
      hashedFields: ['phone'],
      hashMode: 'hmac',
    });
    expect((await api.rotate(DEMO.member, ws, dest)).status).toBe(400);
  });

  it('validates input', async () => {
    expect((await api.putHashing(DEMO.member, ws, dest, { fields: [] })).status).toBe(400);
    expect((await api.putHashing(DEMO.member, ws, dest, { fields: ['phone'], mode: 'md5' })).status).toBe(400);
    expect((await api.putHashing(DEMO.member, ws, dest, { fields: ['ssn'] })).status).toBe(400);
  });
});

describe('HIPAA-eligible workspace: changes need a recent password', () => {
  let hipaaWs: string;
  let d: string;

  beforeAll(async () => {
    const p = db.current.prisma;
    const owner = await p.user.findUniqueOrThrow({ where: { email: DEMO.owner } });
    const w = await p.workspace.create({ data: { slug: `hipaa-${randomUUID().slice(0, 8)}`, name: 'HIPAA Clinic' } });
    hipaaWs = w.id;
    await p.membership.create({ data: { workspaceId: w.id, userId: owner.id, role: 'owner' } });
    await p.source.create({ data: { workspaceId: w.id, name: 'Portal', type: 'http_api' } });
    await p.baa.create({
      data: {
        workspaceId: w.id,
        signedAt: new Date('2026-01-01'),
        signatory: 'Dana',
        planTier: 'business',
        recordedById: owner.id,
      },
    });
    d = (await makeDestination(p, w.id)).id;
  });

  it('403 reauth_required until the password is re-entered, then the change goes through', async () => {
    const view = await api.view<EncryptionStateView>(DEMO.owner, hipaaWs, d);
    expect(view.body.reauthRequired).toBe(true);
    const body = { fields: ['email'], publicKey: generated(keyPair(1)) };
    const first = await api.putEncryption<Err>(DEMO.owner, hipaaWs, d, body);
    expect(first.status).toBe(403);
    expect(first.body.error.code).toBe('reauth_required');
    expect((await api.putHashing<Err>(DEMO.owner, hipaaWs, d, { fields: ['phone'] })).body.error.code).toBe(
      'reauth_required',
    );
    expect((await api.disableEncryption<Err>(DEMO.owner, hipaaWs, d)).status).toBe(200); // nothing to change: no prompt
    const wrong = await callRoute<Err>(reauthRoute, {
      as: DEMO.owner,
      params: {},
      method: 'POST',
      body: { password: 'not it' },
    });
    expect(wrong.status).toBe(403);
    expect((await api.putEncryption(DEMO.owner, hipaaWs, d, body)).status).toBe(403);
    const ok = await callRoute(reauthRoute, {
      as: DEMO.owner,
      params: {},
      method: 'POST',
      body: { password: PASSWORD },
    });
    expect(ok.status).toBe(200);
    const r = await api.putEncryption<EncryptionStateView>(DEMO.owner, hipaaWs, d, body);
    expect(r.status).toBe(200);
    expect(r.body.encryption.enabled).toBe(true);
  });

  it('the window is 5 minutes', async () => {
    const s = await db.current.prisma.session.findFirstOrThrow({
      where: { user: { email: DEMO.owner }, reauthenticatedAt: { not: null } },
    });
    await db.current.prisma.session.update({
      where: { id: s.id },
      data: { reauthenticatedAt: new Date(Date.now() - 6 * 60_000) },
    });
    const r = await api.disableEncryption<Err>(DEMO.owner, hipaaWs, d);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('reauth_required');
  });
});
