// Destination encryption through the real route handlers: enable, regenerate,
// edit fields, disable and BYOK, each with exactly one audit row that names
// fingerprints and fields but never key material; roles, tenant isolation,
// Yellow-only fields, and the private key refused at the door.
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { workspaceId } from '@/tests/support/ctx';
import { DEMO } from '@/tests/support/route-call';
import { tablesContaining } from '@/tests/support/db-scan';
import { api, generated, keyPair, makeDestination, pemBody, type Err } from '@/tests/support/encryption';
import { seedDemo } from '@/lib/server/seed/demo';
import type { EncryptionStateView } from '@/lib/schemas/encryption';

const db = useServerDb();
let ws: string;
let otherWs: string;
let dest: string;
let foreignDest: string;

const audits = (targetId: string, eventType: string) =>
  db.current.prisma.auditLog.findMany({ where: { targetId, eventType }, orderBy: { seq: 'asc' } });

/** Every audit row of a destination, as text: must never contain key material. */
async function auditText(targetId: string): Promise<string> {
  return JSON.stringify(
    await db.current.prisma.auditLog.findMany({ where: { targetId }, select: { changes: true, eventType: true } }),
  );
}

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_encryption' });
  ws = await workspaceId('sunshine-health');
  otherWs = await workspaceId('northwind-clinic');
  dest = (await makeDestination(db.current.prisma, ws)).id;
  foreignDest = (await makeDestination(db.current.prisma, otherWs)).id;
  // A field the owner classified Yellow in the inventory is offered too.
  await db.current.prisma.observedField.create({
    data: { workspaceId: ws, keyPath: 'traits.age', normalizedKey: 'age', classification: 'yellow' },
  });
});

describe('Data Encryption tab (audited read)', () => {
  it('lists only Yellow fields, and writes "Destination Encryption Settings Viewed"', async () => {
    const r = await api.view<EncryptionStateView>(DEMO.compliance, ws, dest);
    expect(r.status).toBe(200);
    const keys = r.body.fieldOptions.map((o) => o.key);
    expect(keys).toEqual(
      expect.arrayContaining(['email', 'email address', 'phone', 'first name', 'firstname', 'diagnosis']),
    );
    expect(keys).not.toContain('ssn'); // Red
    expect(keys).not.toContain('password');
    expect(r.body.fieldOptions.find((o) => o.key === 'email address')).toMatchObject({
      origin: 'synonym',
      source: 'Email',
    });
    expect(r.body.encryption).toEqual({ enabled: false, fields: [], currentKey: null });
    expect(r.body.reauthRequired).toBe(false);
    expect(await audits(dest, 'destination.encryption_viewed')).toHaveLength(1);
  });

  it('a reclassified default matcher leaves the list; custom Yellow matchers and their synonyms join it', async () => {
    const p = db.current.prisma;
    // Reading the tab loads the workspace classifier, which stores the built-in rows if missing.
    await p.matcher.upsert({
      where: { workspaceId_name: { workspaceId: ws, name: 'Email' } },
      update: { color: 'red' },
      create: {
        workspaceId: ws,
        name: 'Email',
        builtIn: true,
        matchOn: 'key',
        mode: 'exact',
        pattern: 'email',
        color: 'red',
      },
    });
    const mrn = await p.matcher.create({
      data: {
        workspaceId: ws,
        name: 'Medical Record Number',
        matchOn: 'key',
        mode: 'exact',
        pattern: 'medicalRecordNumber',
        color: 'yellow',
      },
    });
    await p.synonym.create({ data: { workspaceId: ws, matcherId: mrn.id, key: 'MRN', normalizedKey: 'mrn' } });
    const r = await api.view<EncryptionStateView>(DEMO.owner, ws, dest);
    const keys = r.body.fieldOptions.map((o) => o.key);
    expect(keys).toEqual(expect.arrayContaining(['medical record number', 'mrn']));
    expect(keys).not.toContain('email');
    await p.matcher.deleteMany({ where: { workspaceId: ws } });
  });

  it('404 for another tenant’s destination, a missing one, or a bad id; writes nothing', async () => {
    expect((await api.view(DEMO.otherOwner, ws, dest)).status).toBe(404);
    expect((await api.view(DEMO.owner, ws, foreignDest)).status).toBe(404);
    expect((await api.view(DEMO.owner, ws, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api.view(DEMO.owner, ws, 'nope')).status).toBe(404);
    expect(await audits(foreignDest, 'destination.encryption_viewed')).toHaveLength(0);
  });
});

describe('enable → regenerate → edit fields → disable', () => {
  it('refuses to turn on without a public key, or with fields that are not Yellow', async () => {
    const noKey = await api.putEncryption<Err>(DEMO.member, ws, dest, { fields: ['email'] });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.message).toMatch(/Generate encryption keys/);
    const red = await api.putEncryption<Err>(DEMO.member, ws, dest, {
      fields: ['ssn'],
      publicKey: generated(keyPair(0)),
    });
    expect(red.status).toBe(400);
    expect(red.body.error.message).toBe(
      'Not a Yellow field: "ssn". Classify it Yellow in the Privacy Portal first; matching is exact, not fuzzy.',
    );
    const fuzzy = await api.putEncryption<Err>(DEMO.member, ws, dest, {
      fields: ['emails'],
      publicKey: generated(keyPair(0)),
    });
    expect(fuzzy.status).toBe(400);
    expect(await db.current.prisma.encryptionKey.count({ where: { destinationId: dest } })).toBe(0);
  });

  it('enables with a browser-generated key: stores the SPKI, fingerprint, size and author; audits fields + fingerprint only', async () => {
    const kp = keyPair(0);
    const r = await api.putEncryption<EncryptionStateView>(DEMO.member, ws, dest, {
      fields: ['email', 'Phone Number', 'age', 'email'],
      publicKey: generated(kp),
    });
    expect(r.status, r.text).toBe(200);
    // Normalised, de-duplicated: "Phone Number" is stored as the transform matches it.
    expect(r.body.encryption).toMatchObject({ enabled: true, fields: ['email', 'phone number', 'age'] });
    expect(r.body.encryption.currentKey).toMatchObject({
      fingerprint: kp.imported.fingerprint,
      modulusBits: 2048,
      origin: 'generated',
      retiredAt: null,
      createdBy: { name: 'Marco Member' },
    });
    expect(r.text).not.toContain('BEGIN');
    const row = await db.current.prisma.encryptionKey.findFirstOrThrow({ where: { destinationId: dest } });
    expect(row).toMatchObject({
      workspaceId: ws,
      publicKeyPem: kp.publicPem.trim(),
      fingerprint: kp.imported.fingerprint,
      modulusBits: 2048,
      origin: 'generated',
    });
    const [a] = await audits(dest, 'destination.encryption_enabled');
    expect(a.changes).toEqual({
      encryptedFields: ['email', 'phone number', 'age'],
      fingerprint: `sha256:${kp.imported.fingerprint}`,
      modulusBits: 2048,
      origin: 'generated',
    });
    expect(await tablesContaining(db.current.raw, pemBody(kp.privatePem).slice(100, 160))).toEqual([]);
  });

  it('adding a field that is not offered is refused (fields already selected may stay)', async () => {
    const r = await api.putEncryption<Err>(DEMO.member, ws, dest, {
      fields: ['email', 'phone number', 'age', 'shoe size'],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('"shoe size"');
  });

  it('regenerates: retires the old key, keeps history, audits old → new fingerprint', async () => {
    const [old, next] = [keyPair(0), keyPair(1)];
    const same = await api.putEncryption<Err>(DEMO.member, ws, dest, {
      fields: ['email', 'phone number', 'age'],
      publicKey: generated(old),
    });
    expect(same.status).toBe(400);
    expect(same.body.error.message).toMatch(/already the current key/);
    const r = await api.putEncryption<EncryptionStateView>(DEMO.member, ws, dest, {
      fields: ['email', 'phone number', 'age'],
      publicKey: generated(next),
    });
    expect(r.status).toBe(200);
    expect(r.body.encryption.currentKey?.fingerprint).toBe(next.imported.fingerprint);
    expect(r.body.keys.map((k) => [k.fingerprint, k.retiredAt === null])).toEqual([
      [next.imported.fingerprint, true],
      [old.imported.fingerprint, false],
    ]);
    const rows = await audits(dest, 'destination.encryption_keys_regenerated');
    expect(rows).toHaveLength(1);
    expect(rows[0].changes).toEqual({
      before: { fingerprint: `sha256:${old.imported.fingerprint}` },
      after: { fingerprint: `sha256:${next.imported.fingerprint}`, modulusBits: 2048, origin: 'generated' },
    });
    // Same fields: no fields row for this save.
    expect(await audits(dest, 'destination.encryption_fields_modified')).toHaveLength(0);
  });

  it('edits fields (forward-looking); a save that changes nothing logs nothing', async () => {
    const r = await api.putEncryption<EncryptionStateView>(DEMO.owner, ws, dest, {
      fields: ['email', 'first name', 'age'],
    });
    expect(r.status).toBe(200);
    expect(r.body.encryption.fields).toEqual(['email', 'first name', 'age']);
    const rows = await audits(dest, 'destination.encryption_fields_modified');
    expect(rows).toHaveLength(1);
    expect(rows[0].changes).toEqual({
      before: { encryptedFields: ['email', 'phone number', 'age'] },
      after: { encryptedFields: ['email', 'first name', 'age'] },
      added: ['first name'],
      removed: ['phone number'],
    });
    await api.putEncryption(DEMO.owner, ws, dest, { fields: ['email', 'first name', 'age'] });
    expect(await audits(dest, 'destination.encryption_fields_modified')).toHaveLength(1);
  });

  it('disables: retires the key, keeps the history; turning on again needs a new key', async () => {
    const r = await api.disableEncryption<EncryptionStateView>(DEMO.member, ws, dest);
    expect(r.status).toBe(200);
    expect(r.body.encryption).toMatchObject({ enabled: false, currentKey: null });
    expect(r.body.keys).toHaveLength(2);
    expect(r.body.keys.every((k) => k.retiredAt !== null)).toBe(true);
    const [row] = await audits(dest, 'destination.encryption_disabled');
    expect(row.changes).toEqual({
      encryptedFields: ['email', 'first name', 'age'],
      retiredFingerprint: `sha256:${keyPair(1).imported.fingerprint}`,
    });
    // Disabling again changes nothing and logs nothing.
    await api.disableEncryption(DEMO.member, ws, dest);
    expect(await audits(dest, 'destination.encryption_disabled')).toHaveLength(1);
    expect((await api.putEncryption(DEMO.member, ws, dest, { fields: ['email'] })).status).toBe(400);
  });

  it('no audit row of this destination contains key material', async () => {
    const text = await auditText(dest);
    for (const kp of [keyPair(0), keyPair(1)]) {
      expect(text).not.toContain(pemBody(kp.publicPem).slice(40, 100));
      expect(text).not.toContain(pemBody(kp.privatePem).slice(40, 100));
    }
    expect(text).not.toContain('BEGIN');
  });
});

describe('concurrency', () => {
  it('two regenerations at once leave exactly one current key (row lock)', async () => {
    const d = (await makeDestination(db.current.prisma, ws)).id;
    expect(
      (await api.putEncryption(DEMO.member, ws, d, { fields: ['email'], publicKey: generated(keyPair(0)) })).status,
    ).toBe(200);
    const [a, b] = await Promise.all([
      api.putEncryption(DEMO.member, ws, d, { fields: ['email'], publicKey: generated(keyPair(1)) }),
      api.putEncryption(DEMO.owner, ws, d, { fields: ['email'], publicKey: generated(keyPair(2)) }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const keys = await db.current.prisma.encryptionKey.findMany({ where: { destinationId: d } });
    expect(keys).toHaveLength(3);
    expect(keys.filter((k) => k.retiredAt === null)).toHaveLength(1);
    expect(await audits(d, 'destination.encryption_keys_regenerated')).toHaveLength(2);
  });
});

describe('bring your own key', () => {
  it('is owner-only; the owner’s pasted SPKI is stored as origin "byok"', async () => {
    const d = (await makeDestination(db.current.prisma, ws)).id;
    const body = { fields: ['email'], publicKey: { pem: keyPair(2).publicPem, origin: 'byok' } };
    expect((await api.putEncryption(DEMO.member, ws, d, body)).status).toBe(403);
    const r = await api.putEncryption<EncryptionStateView>(DEMO.owner, ws, d, body);
    expect(r.status).toBe(200);
    expect(r.body.encryption.currentKey).toMatchObject({
      origin: 'byok',
      fingerprint: keyPair(2).imported.fingerprint,
    });
    expect((await audits(d, 'destination.encryption_enabled'))[0].changes).toMatchObject({ origin: 'byok' });
  });

  it('refuses a private key (never stored, never echoed), PKCS#1, garbage, short keys and a fingerprint mismatch', async () => {
    const d = (await makeDestination(db.current.prisma, ws)).id;
    const kp = keyPair(3);
    const priv = await api.putEncryption<Err>(DEMO.owner, ws, d, {
      fields: ['email'],
      publicKey: { pem: kp.privatePem, origin: 'byok' },
    });
    expect(priv.status).toBe(400);
    expect(priv.body.error.message).toMatch(/This is a PRIVATE key\. Paste the PUBLIC key only/);
    expect(priv.text).not.toContain(pemBody(kp.privatePem).slice(0, 40));
    expect(await tablesContaining(db.current.raw, pemBody(kp.privatePem).slice(200, 260))).toEqual([]);
    const pkcs1 = kp.imported.key.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(
      (
        await api.putEncryption<Err>(DEMO.owner, ws, d, {
          fields: ['email'],
          publicKey: { pem: pkcs1, origin: 'byok' },
        })
      ).body.error.message,
    ).toMatch(/PKCS#1/);
    expect(
      (
        await api.putEncryption<Err>(DEMO.owner, ws, d, {
          fields: ['email'],
          publicKey: { pem: 'hello', origin: 'byok' },
        })
      ).status,
    ).toBe(400);
    const { generateKeyPairSync } = await import('node:crypto');
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(
      (
        await api.putEncryption<Err>(DEMO.owner, ws, d, {
          fields: ['email'],
          publicKey: { pem: small, origin: 'byok' },
        })
      ).body.error.message,
    ).toMatch(/1024 bits; at least 2048/);
    const mismatch = await api.putEncryption<Err>(DEMO.member, ws, d, {
      fields: ['email'],
      publicKey: { ...generated(kp), fingerprint: keyPair(0).imported.fingerprint },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.message).toMatch(/fingerprint computed in your browser does not match/);
    expect(await db.current.prisma.encryptionKey.count({ where: { destinationId: d } })).toBe(0);
    expect(await audits(d, 'destination.encryption_enabled')).toHaveLength(0);
  });
});

describe('roles and tenants on every mutation', () => {
  it('compliance reads but cannot change (403); another tenant gets 404 everywhere', async () => {
    const d = (await makeDestination(db.current.prisma, ws)).id;
    const body = { fields: ['email'], publicKey: generated(keyPair(0)) };
    expect((await api.putEncryption(DEMO.compliance, ws, d, body)).status).toBe(403);
    expect((await api.disableEncryption(DEMO.compliance, ws, d)).status).toBe(403);
    expect((await api.putHashing(DEMO.compliance, ws, d, { fields: ['phone'] })).status).toBe(403);
    expect((await api.disableHashing(DEMO.compliance, ws, d)).status).toBe(403);
    expect((await api.rotate(DEMO.compliance, ws, d)).status).toBe(403);
    // A non-member of the workspace, and a member naming a workspace they are not in.
    for (const [who, w] of [
      [DEMO.otherOwner, ws],
      [DEMO.owner, otherWs],
    ] as const) {
      expect((await api.putEncryption(who, w, d, body)).status).toBe(404);
      expect((await api.disableEncryption(who, w, d)).status).toBe(404);
      expect((await api.putHashing(who, w, d, { fields: ['phone'] })).status).toBe(404);
      expect((await api.rotate(who, w, d)).status).toBe(404);
      expect((await api.preview(who, w, d, { event: { type: 'track' } })).status).toBe(404);
    }
    // Owner of Sunshine naming Northwind's destination under Sunshine's id.
    expect((await api.putEncryption(DEMO.owner, ws, foreignDest, body)).status).toBe(404);
    expect((await api.putEncryption(null, ws, d, body)).status).toBe(401);
    expect(await db.current.prisma.encryptionKey.count({ where: { destinationId: { in: [d, foreignDest] } } })).toBe(0);
  });
});
