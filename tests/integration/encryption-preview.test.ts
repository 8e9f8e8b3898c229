// "Preview what this destination receives": block at source → consent → hash
// → encrypt, computed by the same policy code the pipeline uses, decrypted
// here with the test's private key (Node and stock OpenSSL), labelled per
// field, with warnings; an audited read that never stores values.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServerDb } from '@/tests/support/server-db';
import { workspaceId } from '@/tests/support/ctx';
import { DEMO } from '@/tests/support/route-call';
import { api, generated, keyPair, makeDestination, type Err } from '@/tests/support/encryption';
import { seedDemo } from '@/lib/server/seed/demo';
import { decryptEvent, loadPrivateKey } from '@/lib/crypto/decrypt-event';
import { hashValue, normalizeForHash } from '@/lib/crypto/hashing';
import { applyProtection } from '@/lib/crypto/transform';
import { normalizeKey } from '@/lib/privacy/normalize';
import { getDestinationRuntime, invalidateDestinationRuntime } from '@/lib/server/destinations/runtime';
import { invalidateClassifier } from '@/lib/server/privacy/classifier';
import type { HashingChangeResult, PreviewView } from '@/lib/schemas/encryption';

const db = useServerDb();
let ws: string;
let dest: string;
let sourceId: string;
let secret: Buffer;
const kp = () => keyPair(0);

const event = () => ({
  type: 'identify',
  userId: 'u-1',
  messageId: 'm-1',
  context: {
    ip: '10.0.0.1',
    consent: { categoryPreferences: { C0001: true } },
    encryption: { keyFingerprint: 'spoofed' },
  },
  traits: {
    email: 'Jane@Example.com',
    phone: '(617) 555-0100',
    birthdate: '1980-01-02',
    address: { city: 'Boston', zip: '02139' },
    name: 'Jane Doe',
    ssn: '123-45-6789',
    plan: 'gold',
  },
});

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_preview' });
  ws = await workspaceId('sunshine-health');
  ({ id: dest, sourceId } = await makeDestination(db.current.prisma, ws, { consentCategories: ['C0001'] }));
  await db.current.prisma.source.update({ where: { id: sourceId }, data: { blockRed: true } });
  invalidateClassifier();
  expect(
    (
      await api.putEncryption(DEMO.member, ws, dest, {
        fields: ['email', 'birthdate', 'address'],
        publicKey: generated(kp()),
      })
    ).status,
  ).toBe(200);
  const h = await api.putHashing<HashingChangeResult>(DEMO.member, ws, dest, { fields: ['phone'] });
  secret = Buffer.from(h.body.hmacSecret!.value, 'hex');
});

const label = (p: PreviewView, path: string) => p.fields.find((f) => f.path === path);

describe('pasted JSON', () => {
  let p: PreviewView;

  beforeAll(async () => {
    const r = await api.preview<PreviewView>(DEMO.member, ws, dest, { event: event() });
    expect(r.status, r.text).toBe(200);
    p = r.body;
  });

  it('encrypts with the current public key: the test private key restores every value, types included', () => {
    const out = p.output as { traits: Record<string, unknown>; context: Record<string, unknown> };
    expect(typeof out.traits.email).toBe('string');
    expect(out.traits.email).not.toContain('Jane');
    expect(out.traits.address).toEqual(expect.any(String));
    expect(p.keyFingerprint).toBe(kp().imported.fingerprint);
    expect(out.context.encryption).toMatchObject({
      keyFingerprint: kp().imported.fingerprint,
      fields: ['traits.email', 'traits.birthdate', 'traits.address'],
      nonString: ['traits.address'],
    });
    const back = decryptEvent(p.output, loadPrivateKey(kp().privatePem)).event as { traits: Record<string, unknown> };
    expect(back.traits).toMatchObject({
      email: 'Jane@Example.com',
      birthdate: '1980-01-02',
      address: { city: 'Boston', zip: '02139' },
    });
  });

  it('the ciphertext opens with stock OpenSSL (RSA-OAEP, SHA-256, MGF1-SHA-256)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pc-preview-'));
    try {
      const keyFile = path.join(dir, 'private.pem');
      writeFileSync(keyFile, kp().privatePem, { mode: 0o600 });
      const ct = Buffer.from((p.output as { traits: { email: string } }).traits.email, 'base64');
      const plain = execFileSync(
        'openssl',
        [
          'pkeyutl',
          '-decrypt',
          '-inkey',
          keyFile,
          '-pkeyopt',
          'rsa_padding_mode:oaep',
          '-pkeyopt',
          'rsa_oaep_md:sha256',
          '-pkeyopt',
          'rsa_mgf1_md:sha256',
        ],
        { input: ct },
      );
      expect(plain.toString('utf8')).toBe('Jane@Example.com');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hashes with the destination’s HMAC secret after normalising (E.164)', () => {
    const out = p.output as { traits: Record<string, unknown> };
    expect(normalizeForHash('phone', '(617) 555-0100')).toBe('+16175550100');
    expect(out.traits.phone).toBe(hashValue('+16175550100', 'hmac', secret));
    // The recipe shown with the one-time secret reproduces it with stock OpenSSL.
    const viaOpenssl = execFileSync(
      'openssl',
      ['dgst', '-sha256', '-mac', 'HMAC', '-macopt', `hexkey:${secret.toString('hex')}`],
      { input: '+16175550100' },
    ).toString();
    expect(viaOpenssl.trim().split(' ').at(-1)).toBe(out.traits.phone);
  });

  it('labels every field clear / encrypted / hashed / dropped, with its colour', () => {
    expect(label(p, 'traits.email')).toMatchObject({ label: 'encrypted', color: 'yellow', originalType: 'string' });
    expect(label(p, 'traits.address')).toMatchObject({ label: 'encrypted', originalType: 'object' });
    expect(label(p, 'traits.phone')).toMatchObject({ label: 'hashed', color: 'yellow' });
    expect(label(p, 'traits.name')).toMatchObject({ label: 'clear', color: 'yellow' });
    expect(label(p, 'traits.plan')).toMatchObject({ label: 'clear', color: null });
    expect(label(p, 'traits.ssn')).toMatchObject({
      label: 'dropped',
      color: 'red',
      note: expect.stringMatching(/Blocked at source/),
    });
    expect(label(p, 'context.encryption')).toMatchObject({ label: 'dropped' });
    expect(label(p, 'userId')).toMatchObject({ label: 'clear' });
    expect((p.output as { traits: Record<string, unknown> }).traits.ssn).toBeUndefined();
    expect((p.input.event as { traits: Record<string, unknown> }).traits.ssn).toBeUndefined();
  });

  it('warns: types that become strings, Yellow fields in clear without a BAA', () => {
    const codes = p.warnings.map((w) => w.code);
    expect(codes).toEqual(['becomes_string', 'sensitive_in_clear_without_baa']);
    expect(p.warnings[0].paths).toEqual(['traits.address (object → string)']);
    expect(p.warnings[1].paths).toEqual(expect.arrayContaining(['traits.name (yellow)', 'context.ip (yellow)']));
    expect(p.delivery).toEqual({ wouldSend: true, reason: null });
  });

  it('is audited as "Destination Preview Viewed" without any value', async () => {
    const rows = await db.current.prisma.auditLog.findMany({
      where: { targetId: dest, eventType: 'destination.preview_viewed' },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0].changes).toEqual({ input: 'pasted' });
  });

  it('is what the delivery worker sends: its runtime policy produces the same protection', async () => {
    invalidateDestinationRuntime(dest);
    const rt = await getDestinationRuntime(dest);
    expect(rt?.problem).toBeNull();
    const { event: out } = applyProtection(event(), rt!.policy!, normalizeKey);
    const back = decryptEvent(out, loadPrivateKey(kp().privatePem)).event as { traits: Record<string, unknown> };
    expect(back.traits.email).toBe('Jane@Example.com');
    expect((out as { traits: Record<string, unknown> }).traits.phone).toBe(
      (p.output as { traits: Record<string, unknown> }).traits.phone,
    );
  });
});

describe('consent, size and validation', () => {
  it('consent: filtered when a mapped category is false; events without preferences follow the workspace setting', async () => {
    const denied = event();
    denied.context.consent.categoryPreferences.C0001 = false;
    const r = await api.preview<PreviewView>(DEMO.member, ws, dest, { event: denied });
    expect(r.body.delivery.wouldSend).toBe(false);
    expect(r.body.warnings[0]).toMatchObject({
      code: 'filtered',
      message: 'Would be filtered. Filtered by end user consent: C0001 not granted.',
    });
    const none = { ...event(), context: {} };
    expect((await api.preview<PreviewView>(DEMO.member, ws, dest, { event: none })).body.delivery.wouldSend).toBe(true);
    await db.current.prisma.workspace.update({ where: { id: ws }, data: { blockEventsWithoutConsent: true } });
    expect((await api.preview<PreviewView>(DEMO.member, ws, dest, { event: none })).body.delivery.wouldSend).toBe(
      false,
    );
    await db.current.prisma.workspace.update({ where: { id: ws }, data: { blockEventsWithoutConsent: false } });
  });

  it('the integrations object and a destination type without a sender are reported as delivery does', async () => {
    const off = { ...event(), integrations: { All: false } };
    const r = await api.preview<PreviewView>(DEMO.member, ws, dest, { event: off });
    expect(r.body.delivery).toEqual({
      wouldSend: false,
      reason: "Filtered: the event's integrations object sets All to false.",
    });
    const sf = (await makeDestination(db.current.prisma, ws, { catalogId: 'salesforce' })).id;
    const noSender = await api.preview<PreviewView>(DEMO.member, ws, sf, { event: event() });
    expect(noSender.body.warnings.map((w) => w.code)).toContain('delivery_problem');
  });

  it('warns when encryption pushes the event over 32 KB', async () => {
    const big = {
      type: 'track',
      event: 'Cart',
      context: { consent: { categoryPreferences: { C0001: true } } },
      properties: { items: Array.from({ length: 100 }, () => ({ email: 'a@b.co' })) },
    };
    const r = await api.preview<PreviewView>(DEMO.member, ws, dest, { event: big });
    expect(r.body.outputBytes).toBeGreaterThan(32 * 1024);
    expect(r.body.warnings.map((w) => w.code)).toContain('over_size_limit');
  });

  it('400 with a message for anything that is not one event object of at most 32 KB', async () => {
    const bad = async (body: unknown) => await api.preview<Err>(DEMO.member, ws, dest, body);
    expect((await bad({ event: [1, 2] })).body.error.message).toMatch(/must be one event object/);
    expect((await bad({ event: 'hi' })).status).toBe(400);
    expect((await bad({ event: { type: 7 } })).body.error.message).toMatch(/"type" must be a string/);
    const huge = await bad({ event: { type: 'track', properties: { blob: 'x'.repeat(33 * 1024) } } });
    expect(huge.status).toBe(400);
    expect(huge.body.error.code).toBe('payload_too_large');
    expect((await bad({})).body.error.message).toMatch(/exactly one of/);
    expect((await bad({ event: {}, latest: true })).status).toBe(400);
  });
});

describe('samples from the Source Debugger', () => {
  it('404 with a hint when the source has no events yet', async () => {
    const r = await api.preview<Err>(DEMO.owner, ws, dest, { latest: true });
    expect(r.status).toBe(404);
    expect(r.body.error.message).toMatch(/no events from this destination’s source yet/);
  });

  it('previews the latest stored event (already blocked at ingest); masked for viewers without PII access', async () => {
    const p = db.current.prisma;
    const payload = { ...event(), traits: { ...event().traits, ssn: undefined } };
    const row = await p.event.create({
      data: {
        workspaceId: ws,
        sourceId,
        messageId: 'dbg-1',
        type: 'identify',
        payload: JSON.parse(JSON.stringify(payload)),
        blockedPaths: ['traits.ssn'],
        timestamp: new Date(),
      },
    });
    const owner = await api.preview<PreviewView>(DEMO.owner, ws, dest, { latest: true });
    expect(owner.status, owner.text).toBe(200);
    expect(owner.body).toMatchObject({
      input: { kind: 'debugger', sample: { id: row.id, type: 'identify' } },
      masked: false,
    });
    expect(label(owner.body, 'traits.ssn')).toMatchObject({ label: 'dropped' });
    expect(owner.body.recentEvents.map((e) => e.id)).toEqual([row.id]);
    const back = decryptEvent(owner.body.output, loadPrivateKey(kp().privatePem)).event as {
      traits: Record<string, unknown>;
    };
    expect(back.traits.email).toBe('Jane@Example.com');

    const member = await api.preview<PreviewView>(DEMO.member, ws, dest, { eventId: row.id });
    expect(member.body.masked).toBe(true);
    expect(member.text).not.toContain('Jane');
    expect(label(member.body, 'traits.email')).toMatchObject({ label: 'encrypted' });

    const rows = await p.auditLog.findMany({
      where: {
        targetId: dest,
        eventType: 'destination.preview_viewed',
        changes: { path: ['input'], equals: 'debugger' },
      },
    });
    expect(rows.map((r) => r.changes)).toEqual([{ input: 'debugger' }, { input: 'debugger', eventId: row.id }]);
  });

  it('compliance may preview pasted JSON but not debugger samples; foreign event ids are 404', async () => {
    expect((await api.preview(DEMO.compliance, ws, dest, { latest: true })).status).toBe(403);
    const pasted = await api.preview<PreviewView>(DEMO.compliance, ws, dest, { event: event() });
    expect(pasted.status).toBe(200);
    expect(pasted.body.recentEvents).toEqual([]);
    const otherWs = await workspaceId('northwind-clinic');
    const otherSource = await db.current.prisma.source.findFirstOrThrow({ where: { workspaceId: otherWs } });
    const foreign = await db.current.prisma.event.create({
      data: {
        workspaceId: otherWs,
        sourceId: otherSource.id,
        messageId: 'nw-1',
        type: 'track',
        payload: {},
        timestamp: new Date(),
      },
    });
    expect((await api.preview(DEMO.owner, ws, dest, { eventId: foreign.id })).status).toBe(404);
  });
});
