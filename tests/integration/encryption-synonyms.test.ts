// Issue 15 #2: choosing "email" and "first name" on Data Encryption must cover every
// key the workspace's classifier maps to those fields (their spellings and synonyms) in
// context.traits, traits and properties, not only the exact keys. Built through the
// console's routes and the tracking API, delivered by the real worker to a local sink,
// decrypted with the private key. A synonym added after saving is covered without
// saving again; hashing follows the same field-choice model; Preview, the blast radius
// and the picker say the same.
import { describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { basic, post, seedDestination, seedSource, type SeededSource, type Sink } from '@/tests/support/pipeline';
import type { TestServer } from '@/tests/support/pipeline';
import { usePipelineHarness } from '@/tests/support/pipeline-harness';
import { ctxForWorkspace, drain } from '@/tests/support/pipeline-worker';
import { api, generated, keyPair, type Err } from '@/tests/support/encryption';
import { callRoute } from '@/tests/support/route-call';
import { decryptEvent, loadPrivateKey } from '@/lib/crypto/decrypt-event';
import { hashValue, normalizeForHash } from '@/lib/crypto/hashing';
import { flushObservations } from '@/lib/server/ingest/observe-buffer';
import { POST as synonymRoute } from '@/app/api/workspaces/[workspaceId]/privacy/synonyms/route';
import { GET as blastRadiusRoute } from '@/app/api/workspaces/[workspaceId]/blast-radius/route';
import type { DestinationExposure } from '@/lib/destinations/exposure';
import type { EncryptionStateView, HashingChangeResult, PreviewView } from '@/lib/schemas/encryption';

const db = useServerDb();
let server: TestServer;
let sink: Sink;
usePipelineHarness((s, k) => {
  server = s;
  sink = k;
});

type Stamped = { context: { encryption: { fields: string[] } } } & Record<string, unknown>;

/** The reported event: the chosen fields under other spellings, in every protected section. */
const EVENT = {
  type: 'track',
  event: 'Appointment Booked',
  userId: 'patient-7',
  messageId: 'syn-1',
  context: { traits: { first_name: 'Ada' } },
  traits: { email: 'ada@example.com' },
  properties: {
    firstname: 'Ada',
    emailAddress: 'ada.lovelace@example.com',
    plan: 'gold',
    // Not a synonym of anything (plurals are other keys): stays as it is.
    emails: 'list@example.com',
  },
};
const SYNONYM_PATHS = [
  'context.traits.first_name',
  'properties.emailAddress',
  'properties.firstname',
  'traits.email',
].sort();

async function send(src: SeededSource, event: Record<string, unknown>) {
  const r = await post(server, '/v1/batch', { batch: [event] }, { authorization: basic(src.writeKey) });
  expect(r.status).toBe(200);
}

/** The sink's copy of one message, by the path its destination posts to. */
function received(path: string, messageId: string): Stamped {
  const hit = sink.requests.filter((r) => r.path === path).find((r) => r.raw.includes(messageId));
  expect(hit, `${messageId} at ${path}`).toBeTruthy();
  return hit!.body as Stamped;
}

async function exposedAt(ownerEmail: string, src: SeededSource, destinationId: string): Promise<string[]> {
  const r = await callRoute<{ destinations: DestinationExposure[] }>(blastRadiusRoute, {
    as: ownerEmail,
    params: { workspaceId: src.workspaceId },
  });
  expect(r.status, r.text).toBe(200);
  return (r.body.destinations.find((d) => d.destinationId === destinationId)?.exposed ?? [])
    .map((f) => f.keyPath)
    .sort();
}

describe('encryption covers synonyms', () => {
  it('email + first name: every synonym in context.traits, traits and properties is encrypted at the sink and decrypts; others stay clear', async () => {
    const src = await seedSource();
    const owner = await ctxForWorkspace(src.workspaceId, 'owner');
    const as = owner.user.email;
    const dest = await seedDestination(src, {
      name: 'Scheduling webhook',
      settings: { url: `${sink.url}/enc` },
      secrets: { sharedSecret: 'whsec-synonyms' },
    });

    // The Privacy Portal sees the fields first (what the picker and the blast radius list).
    await send(src, { ...EVENT, messageId: 'syn-0' });
    await flushObservations();
    await drain();
    expect(await exposedAt(as, src, dest.id)).toEqual(expect.arrayContaining(SYNONYM_PATHS));

    const kp = keyPair(0);
    const on = await api.putEncryption<EncryptionStateView>(as, src.workspaceId, dest.id, {
      fields: ['email', 'first name'],
      publicKey: generated(kp),
    });
    expect(on.status, on.text).toBe(200);
    expect(on.body.encryption.fields).toEqual(['email', 'first name']);

    // The picker shows what each chosen field covers: the classifier's spellings and the keys seen.
    const email = on.body.fieldOptions.find((o) => o.key === 'email')!;
    expect(email.includes.keys).toEqual(['email', 'e mail', 'email address', 'emailaddress']);
    expect(email.includes.observed).toEqual(['properties.emailAddress', 'traits.email']);
    const first = on.body.fieldOptions.find((o) => o.key === 'first name')!;
    expect(first.includes.keys).toEqual(['first name', 'firstname', 'given name', 'givenname']);
    expect(first.includes.observed).toEqual(['context.traits.first_name', 'properties.firstname']);

    await send(src, EVENT);
    await drain();
    const out = received('/enc', 'syn-1');
    expect([...out.context.encryption.fields].sort()).toEqual(SYNONYM_PATHS);
    const raw = JSON.stringify(out);
    for (const value of ['ada@example.com', 'ada.lovelace@example.com', '"Ada"']) expect(raw).not.toContain(value);
    const props = out.properties as Record<string, unknown>;
    expect(props.plan).toBe('gold');
    expect(props.emails).toBe('list@example.com');
    const clear = decryptEvent(out, loadPrivateKey(kp.privatePem)).event as typeof EVENT;
    expect(clear.context.traits).toEqual(EVENT.context.traits);
    expect(clear.traits).toEqual(EVENT.traits);
    expect(clear.properties).toEqual(EVENT.properties);

    // The blast radius (and so the Overview and the Data Encryption banner) no longer lists them.
    const exposed = await exposedAt(as, src, dest.id);
    for (const path of SYNONYM_PATHS) expect(exposed).not.toContain(path);
  });

  it('a synonym added to the workspace after saving is covered at once, without saving again; Preview agrees', async () => {
    const src = await seedSource();
    const owner = await ctxForWorkspace(src.workspaceId, 'owner');
    const as = owner.user.email;
    const kp = keyPair(1);
    const dest = await seedDestination(src, {
      settings: { url: `${sink.url}/later` },
      secrets: { sharedSecret: 'whsec-later' },
      encrypt: { fields: ['email'], publicKeyPem: kp.publicPem },
    });
    const event = (messageId: string) => ({
      ...EVENT,
      messageId,
      context: {},
      properties: { patient_contact: 'ada@example.com', plan: 'gold' },
    });

    await send(src, event('later-1'));
    await drain();
    expect((received('/later', 'later-1').properties as Record<string, unknown>).patient_contact).toBe(
      'ada@example.com',
    );

    const emailMatcher = await db.current.prisma.matcher.findFirstOrThrow({
      where: { workspaceId: src.workspaceId, builtIn: true, name: 'Email' },
    });
    const syn = await callRoute(synonymRoute, {
      as,
      params: { workspaceId: src.workspaceId },
      method: 'POST',
      body: { matcherId: emailMatcher.id, key: 'patient_contact' },
    });
    expect(syn.status, syn.text).toBe(201);

    await send(src, event('later-2'));
    await drain();
    const out = received('/later', 'later-2');
    expect(out.context.encryption.fields).toEqual(['traits.email', 'properties.patient_contact']);
    expect(JSON.stringify(out)).not.toContain('ada@example.com');
    const clear = decryptEvent(out, loadPrivateKey(kp.privatePem)).event as Record<string, Record<string, unknown>>;
    expect(clear.properties.patient_contact).toBe('ada@example.com');
    const rows = await db.current.prisma.destination.findUniqueOrThrow({ where: { id: dest.id } });
    expect(rows.encryptedFields).toEqual(['email']);

    // Preview runs the delivery worker's computation: the synonym shows as encrypted, nothing sensitive in clear.
    const preview = await api.preview<PreviewView>(as, src.workspaceId, dest.id, { event: event('later-3') });
    expect(preview.status, preview.text).toBe(200);
    const label = (path: string) => preview.body.fields.find((f) => f.path === path)?.label;
    expect(label('properties.patient_contact')).toBe('encrypted');
    expect(label('traits.email')).toBe('encrypted');
    expect(label('properties.plan')).toBe('clear');
    expect(preview.body.warnings.map((w) => w.code)).not.toContain('sensitive_in_clear_without_baa');
  });
});

describe('hashing covers synonyms the same way', () => {
  it('hashes each synonym as its chosen field; two spellings of one field cannot be split between encryption and hashing', async () => {
    const src = await seedSource();
    const owner = await ctxForWorkspace(src.workspaceId, 'owner');
    const as = owner.user.email;
    const dest = await seedDestination(src, {
      settings: { url: `${sink.url}/hash` },
      secrets: { sharedSecret: 'whsec-hash' },
    });
    const on = await api.putHashing<HashingChangeResult>(as, src.workspaceId, dest.id, {
      fields: ['email', 'phone'],
    });
    expect(on.status, on.text).toBe(200);
    const secret = Buffer.from(on.body.hmacSecret!.value, 'hex');

    await send(src, {
      ...EVENT,
      messageId: 'hash-1',
      context: { traits: { telephone: '(555) 010-2000' } },
      properties: { emailAddress: ' Ada@Example.com ', phone_number: '555.010.2000', plan: 'gold' },
    });
    await drain();
    const out = received('/hash', 'hash-1') as Record<string, Record<string, unknown>>;
    const hmac = (field: string, v: string) => hashValue(normalizeForHash(field, v), 'hmac', secret);
    expect(out.traits.email).toBe(hmac('email', 'ada@example.com'));
    expect(out.properties.emailAddress).toBe(out.traits.email);
    expect(out.properties.phone_number).toBe(hashValue('+15550102000', 'hmac', secret));
    expect((out.context.traits as Record<string, unknown>).telephone).toBe(out.properties.phone_number);
    expect(out.properties.plan).toBe('gold');

    const both = await api.putEncryption<Err>(as, src.workspaceId, dest.id, {
      fields: ['e mail'],
      publicKey: generated(keyPair(0)),
    });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toBe(
      'A field cannot be both encrypted and hashed for one destination: "e mail" (as "email", one Email field) is already hashed. Remove it from hashing first.',
    );
  });
});
