// "Have Segment encrypt / hash sensitive data" on the Setup page of a new
// destination: applied in the create transaction, audited, all-or-nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { workspaceId } from '@/tests/support/ctx';
import { callRoute, DEMO } from '@/tests/support/route-call';
import { tablesContaining } from '@/tests/support/db-scan';
import { generated, keyPair, type Err } from '@/tests/support/encryption';
import { seedDemo } from '@/lib/server/seed/demo';
import { POST as createRoute } from '@/app/api/workspaces/[workspaceId]/destinations/route';
import type { OneTimeHashSecret } from '@/lib/schemas/encryption';

const db = useServerDb();
let ws: string;
let sourceId: string;

type Created = {
  id: string;
  encryption: { enabled: boolean; fields: string[] };
  hashing: { enabled: boolean; fields: string[]; mode: string };
  hmacSecret?: OneTimeHashSecret;
};
const body = (name: string, extra: Record<string, unknown>) => ({
  catalogId: 'webhook',
  sourceId,
  name,
  settings: { url: 'https://example.org/hook', sharedSecret: 'shared-secret-0123456789' },
  ...extra,
});

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_enc_create' });
  ws = await workspaceId('sunshine-health');
  sourceId = (await db.current.prisma.source.findFirstOrThrow({ where: { workspaceId: ws } })).id;
});

describe('POST /destinations with encryption and hashing', () => {
  it('creates the destination, its key and its HMAC secret in one transaction; the secret is shown once', async () => {
    const kp = keyPair(0);
    const r = await callRoute<Created>(createRoute, {
      as: DEMO.member,
      params: { workspaceId: ws },
      method: 'POST',
      body: body('Hook A', {
        encryption: { fields: ['email', 'firstName'], publicKey: generated(kp) },
        hashing: { fields: ['phone'], mode: 'hmac' },
      }),
    });
    expect(r.status, r.text).toBe(201);
    expect(r.body.encryption).toEqual({ enabled: true, fields: ['email', 'first name'] });
    expect(r.body.hashing).toEqual({ enabled: true, fields: ['phone'], mode: 'hmac' });
    expect(r.body.hmacSecret?.value).toMatch(/^[0-9a-f]{64}$/);
    const key = await db.current.prisma.encryptionKey.findFirstOrThrow({ where: { destinationId: r.body.id } });
    expect(key).toMatchObject({ fingerprint: kp.imported.fingerprint, origin: 'generated', retiredAt: null });
    const types = (
      await db.current.prisma.auditLog.findMany({ where: { targetId: r.body.id }, orderBy: { seq: 'asc' } })
    ).map((a) => a.eventType);
    expect(types).toEqual(['destination.encryption_enabled', 'destination.hashing_enabled', 'destination.created']);
    expect(await tablesContaining(db.current.raw, r.body.hmacSecret!.value)).toEqual([]);
  });

  it('all or nothing: a private key, a non-Yellow field or a field both encrypted and hashed creates nothing', async () => {
    const before = await db.current.prisma.destination.count();
    const kp = keyPair(1);
    const priv = await callRoute<Err>(createRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws },
      method: 'POST',
      body: body('Hook B', { encryption: { fields: ['email'], publicKey: { pem: kp.privatePem, origin: 'byok' } } }),
    });
    expect(priv.status).toBe(400);
    expect(priv.body.error.details?.fields?.[0].path).toBe('encryption.publicKey.pem');
    const red = await callRoute<Err>(createRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws },
      method: 'POST',
      body: body('Hook C', { hashing: { fields: ['ssn'] } }),
    });
    expect(red.status).toBe(400);
    expect(red.body.error.details?.fields?.[0].path).toBe('hashing.fields');
    const both = await callRoute<Err>(createRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws },
      method: 'POST',
      body: body('Hook D', {
        encryption: { fields: ['email'], publicKey: generated(kp) },
        hashing: { fields: ['E-mail', 'email'] },
      }),
    });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toMatch(/cannot be both encrypted and hashed/);
    const byok = await callRoute<Err>(createRoute, {
      as: DEMO.member,
      params: { workspaceId: ws },
      method: 'POST',
      body: body('Hook E', { encryption: { fields: ['email'], publicKey: { pem: kp.publicPem, origin: 'byok' } } }),
    });
    expect(byok.status).toBe(403);
    expect(await db.current.prisma.destination.count()).toBe(before);
    expect(await db.current.prisma.encryptionKey.count({ where: { fingerprint: kp.imported.fingerprint } })).toBe(0);
  });

  it('without protection blocks the create answer carries no secret', async () => {
    const r = await callRoute<Created>(createRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws },
      method: 'POST',
      body: body('Hook F', {}),
    });
    expect(r.status).toBe(201);
    expect(r.body.hmacSecret).toBeUndefined();
    expect(r.body.encryption.enabled).toBe(false);
  });
});
