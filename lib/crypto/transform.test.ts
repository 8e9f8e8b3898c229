import { createHash, createHmac, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { decryptValue } from './field-encryption';
import { makeKeyPair, normalizeKeyStandIn as norm, type TestKeyPair } from '@/tests/support/crypto-keys';
import {
  applyProtection,
  assertDisjoint,
  compilePolicy,
  hashValue,
  normalizeForHash,
  withKeyFamilies,
  type EncryptionStamp,
  type ProtectionPolicy,
} from './transform';
import { decryptEvent, loadPrivateKey } from './decrypt-event';
import { compileKeyFamilies } from '@/lib/privacy/key-families';
import { defaultMatcherSpecs, defaultSynonymSpecs } from '@/lib/privacy/default-matchers';
import { normalizeKey } from '@/lib/privacy/normalize';

let kp: TestKeyPair;
const secret = randomBytes(32);
beforeAll(() => {
  kp = makeKeyPair(2048);
});

const policy = (): ProtectionPolicy => ({
  encrypt: { fields: ['email', 'first name', 'address', 'dob', 'vip'], key: kp.imported },
  hash: { fields: ['phone', 'user hash'], mode: 'hmac', secret },
  drop: ['ssn'],
});

const event = () => ({
  type: 'track',
  event: 'Order Completed',
  userId: 'u-123',
  anonymousId: 'a-9',
  email: 'top-level@example.com', // not in a protected section: must survive
  context: {
    ip: '10.0.0.1',
    traits: { email: 'Jane@Example.com', firstName: 'Jane', ssn: '123-45-6789' },
    encryption: { keyFingerprint: 'spoofed', alg: 'RSA-OAEP-256', fields: ['context.ip'], nonString: [] },
  },
  traits: { first_name: 'Jane', address: { street: '1 Main St', zip: '02139' }, dob: null, vip: true },
  properties: {
    total: 42.5,
    items: [
      { sku: 'A1', email: 'gift@example.com', phone: '(555) 123-4567' },
      { sku: 'B2', Email: 'other@example.com' },
      'plain-string-in-array',
    ],
    'user-hash': 'abc',
  },
});

function stampOf(e: Record<string, unknown>): EncryptionStamp {
  return (e.context as Record<string, unknown>).encryption as EncryptionStamp;
}

describe('applyProtection', () => {
  it('touches only context/traits/properties and never mutates the input', () => {
    const input = event();
    const before = structuredClone(input);
    const { event: out } = applyProtection(input, policy(), norm);
    expect(input).toEqual(before);
    for (const k of ['type', 'event', 'userId', 'anonymousId', 'email'])
      expect(out[k]).toBe(before[k as keyof typeof before]);
    const ctx = out.context as Record<string, unknown>;
    expect(ctx.ip).toBe('10.0.0.1');
    expect((out.properties as Record<string, unknown>).total).toBe(42.5);
  });

  it('encrypts, hashes and drops at nested and array paths; reports each', () => {
    const { event: out, report } = applyProtection(event(), policy(), norm);
    expect(report).toEqual([
      { path: 'context.traits.email', action: 'encrypted', originalType: 'string' },
      { path: 'context.traits.firstName', action: 'encrypted', originalType: 'string' },
      { path: 'context.traits.ssn', action: 'dropped', originalType: 'string' },
      { path: 'traits.first_name', action: 'encrypted', originalType: 'string' },
      { path: 'traits.address', action: 'encrypted', originalType: 'object' },
      { path: 'traits.dob', action: 'encrypted', originalType: 'null' },
      { path: 'traits.vip', action: 'encrypted', originalType: 'boolean' },
      { path: 'properties.items[0].email', action: 'encrypted', originalType: 'string' },
      { path: 'properties.items[0].phone', action: 'hashed', originalType: 'string' },
      { path: 'properties.items[1].Email', action: 'encrypted', originalType: 'string' },
      { path: 'properties["user-hash"]', action: 'hashed', originalType: 'string' },
    ]);
    const traits = out.traits as Record<string, unknown>;
    const items = (out.properties as Record<string, unknown>).items as Array<Record<string, unknown>>;
    expect('ssn' in (out.context as { traits: object }).traits).toBe(false);
    expect(items[0].sku).toBe('A1');
    expect(items[2]).toBe('plain-string-in-array');
    expect(items[0].phone).toBe(hashValue('+15551234567', 'hmac', secret));
    // Subtrees become ONE string holding their JSON text.
    expect(decryptValue(traits.address as string, kp.privateKey)).toBe('{"street":"1 Main St","zip":"02139"}');
    expect(decryptValue(traits.dob as string, kp.privateKey)).toBe('null');
    expect(decryptValue(items[1].Email as string, kp.privateKey)).toBe('other@example.com');
  });

  it('encrypted values are always strings', () => {
    const { event: out, report } = applyProtection(event(), policy(), norm);
    for (const r of report.filter((x) => x.action === 'encrypted')) {
      const stamp = stampOf(out);
      expect(stamp.fields).toContain(r.path);
    }
    const t = out.traits as Record<string, unknown>;
    for (const k of ['first_name', 'address', 'dob', 'vip']) expect(typeof t[k]).toBe('string');
  });

  it('stamps fingerprint, alg, fields and nonString; replaces a spoofed stamp', () => {
    const { event: out } = applyProtection(event(), policy(), norm);
    const s = stampOf(out);
    expect(s.keyFingerprint).toBe(kp.imported.fingerprint);
    expect(s.alg).toBe('RSA-OAEP-256');
    expect(s.fields).toHaveLength(8);
    expect(s.fields).not.toContain('context.ip'); // the spoofed stamp's entry is gone
    expect(s.nonString).toEqual(['traits.address', 'traits.dob', 'traits.vip']);
  });

  it('no stamp when nothing was encrypted; an incoming stamp is still removed', () => {
    const { event: out } = applyProtection(event(), { hash: { fields: ['email'], mode: 'sha256' } }, norm);
    expect((out.context as Record<string, unknown>).encryption).toBeUndefined();
    const { event: bare } = applyProtection(
      { userId: 'x', traits: { name: 'n' } },
      { encrypt: { fields: ['email'], key: kp.imported } },
      norm,
    );
    expect(bare).toEqual({ userId: 'x', traits: { name: 'n' } });
  });

  it('creates context for the stamp when missing; refuses a non-object context', () => {
    const p: ProtectionPolicy = { encrypt: { fields: ['email'], key: kp.imported } };
    const { event: out } = applyProtection({ traits: { email: 'a@b.co' } }, p, norm);
    expect(stampOf(out).fields).toEqual(['traits.email']);
    expect(() => applyProtection({ context: 'x', traits: { email: 'a@b.co' } }, p, norm)).toThrow(
      /context must be an object/,
    );
  });

  it('matches policy fields written un-normalised (fail closed, not open)', () => {
    const { report } = applyProtection(
      { traits: { first_name: 'J' } },
      { encrypt: { fields: ['firstName'], key: kp.imported } },
      norm,
    );
    expect(report.map((r) => r.action)).toEqual(['encrypted']);
  });

  it('copies __proto__ keys as data, without touching prototypes', () => {
    const input = JSON.parse('{"traits":{"__proto__":{"polluted":1},"email":"a@b.co"}}') as object;
    const { event: out } = applyProtection(input, { encrypt: { fields: ['email'], key: kp.imported } }, norm);
    const traits = out.traits as Record<string, unknown>;
    expect(Object.getPrototypeOf(traits)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(traits, '__proto__')?.value).toEqual({ polluted: 1 });
  });

  it('fails closed on absurd nesting', () => {
    let deep: Record<string, unknown> = { email: 'x' };
    for (let i = 0; i < 300; i++) deep = { n: deep };
    expect(() => applyProtection({ properties: deep }, { drop: ['email'] }, norm)).toThrow(/nested deeper/);
  });
});

describe('disjointness', () => {
  it('assertDisjoint throws on overlap (after normalisation)', () => {
    const p: ProtectionPolicy = {
      encrypt: { fields: ['email', 'firstName'], key: kp.imported },
      hash: { fields: ['first name'], mode: 'sha256' },
    };
    expect(() => assertDisjoint(p, norm)).toThrow(/both encrypted and hashed: first name/);
    expect(() => assertDisjoint(policy(), norm)).not.toThrow();
  });

  it('if not asserted, encryption wins over hashing (and drop over both)', () => {
    const p: ProtectionPolicy = {
      encrypt: { fields: ['email', 'ssn'], key: kp.imported },
      hash: { fields: ['email'], mode: 'sha256' },
      drop: ['ssn'],
    };
    const { report } = applyProtection({ traits: { email: 'a@b.co', ssn: '1' } }, p, norm);
    expect(report.map((r) => r.action)).toEqual(['encrypted', 'dropped']);
  });

  it('HMAC without an adequate secret is refused up front', () => {
    expect(() => compilePolicy({ hash: { fields: ['email'], mode: 'hmac' } }, norm)).toThrow(/at least 16 bytes/);
    expect(() =>
      compilePolicy({ hash: { fields: ['email'], mode: 'hmac', secret: Buffer.from('short') } }, norm),
    ).toThrow();
  });
});

describe('hashing', () => {
  it('normalises emails: trim + lower-case, by key or by value shape', () => {
    expect(normalizeForHash('email', '  Foo@Example.COM ')).toBe('foo@example.com');
    expect(hashValue(normalizeForHash('email', '  Foo@Example.COM '), 'hmac', secret)).toBe(
      hashValue(normalizeForHash('email', 'foo@example.com'), 'hmac', secret),
    );
    expect(normalizeForHash('contact', ' Foo@Example.COM')).toBe('foo@example.com');
    expect(normalizeForHash('name', ' Jane Doe ')).toBe('Jane Doe'); // not lower-cased
  });

  it('normalises phones to E.164', () => {
    const e164 = '+15551234567';
    for (const v of ['(555) 123-4567', '555.123.4567', '+1 555 123 4567', '1-555-123-4567', ' 5551234567 ', e164]) {
      expect(normalizeForHash('phone', v), v).toBe(e164);
    }
    expect(normalizeForHash('mobile phone', 5551234567)).toBe(e164);
    expect(normalizeForHash('phone', '+44 20 7946 0958')).toBe('+442079460958');
    expect(hashValue(normalizeForHash('phone', '(555) 123-4567'), 'sha256')).toBe(
      hashValue(normalizeForHash('phone', e164), 'sha256'),
    );
  });

  it('HMAC-SHA256 differs from plain SHA-256 and matches the reference', () => {
    const v = 'foo@example.com';
    expect(hashValue(v, 'sha256')).toBe(createHash('sha256').update(v).digest('hex'));
    expect(hashValue(v, 'hmac', secret)).toBe(createHmac('sha256', secret).update(v).digest('hex'));
    expect(hashValue(v, 'hmac', secret)).not.toBe(hashValue(v, 'sha256'));
    expect(hashValue(v, 'hmac', secret)).not.toBe(hashValue(v, 'hmac', randomBytes(32)));
  });

  it('transform hashes the normalised value', () => {
    const { event: out } = applyProtection(
      { traits: { email: '  Foo@Example.COM ' }, properties: { email: 'foo@example.com' } },
      { hash: { fields: ['email'], mode: 'hmac', secret } },
      norm,
    );
    expect((out.traits as { email: string }).email).toBe((out.properties as { email: string }).email);
  });
});

describe('key families (a chosen field covers its synonyms)', () => {
  const families = compileKeyFamilies(defaultMatcherSpecs(), [
    ...defaultSynonymSpecs(),
    { matcherId: 'phone', key: 'contact_number' },
  ]);
  const synonymEvent = () => ({
    type: 'identify',
    userId: 'u-1',
    context: { traits: { first_name: 'Ada', EMAIL: 'ctx@example.com' } },
    traits: { email: 'ada@example.com', givenName: 'Ada' },
    properties: {
      firstname: 'Ada',
      emailAddress: 'ada@example.com',
      plan: 'gold',
      emails: 'not-a-synonym@example.com',
      orders: [{ e_mail: 'gift@example.com', contact_number: '(555) 123-4567' }],
    },
  });

  it('encrypts every key of the chosen fields’ families, at any depth; the stamp names each path and decrypts', () => {
    const compiled = compilePolicy({ encrypt: { fields: ['email', 'first name'], key: kp.imported } }, normalizeKey);
    const plain = applyProtection(synonymEvent(), compiled, normalizeKey);
    // Unbound: the chosen spellings only (the old behaviour).
    expect(plain.report.map((r) => r.path)).toEqual([
      'context.traits.first_name',
      'context.traits.EMAIL',
      'traits.email',
    ]);

    const { event: out, report } = applyProtection(
      synonymEvent(),
      withKeyFamilies(compiled, families.familyOf),
      normalizeKey,
    );
    expect(report.map((r) => r.path)).toEqual([
      'context.traits.first_name',
      'context.traits.EMAIL',
      'traits.email',
      'traits.givenName',
      'properties.firstname',
      'properties.emailAddress',
      'properties.orders[0].e_mail',
    ]);
    expect(stampOf(out).fields).toEqual(report.map((r) => r.path));
    const p = out.properties as Record<string, unknown>;
    expect(p.plan).toBe('gold');
    expect(p.emails).toBe('not-a-synonym@example.com');
    expect(JSON.stringify(out)).not.toContain('ada@example.com');
    expect(decryptEvent(out, loadPrivateKey(kp.privatePem)).event).toEqual(synonymEvent());
  });

  it('hashes synonyms normalised as the chosen field (a phone synonym goes to E.164)', () => {
    const compiled = compilePolicy({ hash: { fields: ['phone'], mode: 'hmac', secret } }, normalizeKey);
    const { event: out } = applyProtection(
      { properties: { phone: '+15551234567', contact_number: '(555) 123-4567' } },
      withKeyFamilies(compiled, families.familyOf),
      normalizeKey,
    );
    const p = out.properties as Record<string, string>;
    expect(p.contact_number).toBe(hashValue('+15551234567', 'hmac', secret));
    expect(p.contact_number).toBe(p.phone);
  });

  it('an exact spelling keeps its own action; a family shared by two actions takes the more protective', () => {
    const compiled = compilePolicy(
      { encrypt: { fields: ['email'], key: kp.imported }, hash: { fields: ['email address'], mode: 'sha256' } },
      normalizeKey,
    );
    const { report } = applyProtection(
      { traits: { email: 'a@b.co', email_address: 'a@b.co', e_mail: 'a@b.co' } },
      withKeyFamilies(compiled, families.familyOf),
      normalizeKey,
    );
    expect(report.map((r) => [r.path, r.action])).toEqual([
      ['traits.email', 'encrypted'],
      ['traits.email_address', 'hashed'],
      ['traits.e_mail', 'encrypted'],
    ]);
  });

  it('binding is cached per policy and family function', () => {
    const compiled = compilePolicy({ encrypt: { fields: ['email'], key: kp.imported } }, normalizeKey);
    const bound = withKeyFamilies(compiled, families.familyOf);
    expect(withKeyFamilies(compiled, families.familyOf)).toBe(bound);
    const later = compileKeyFamilies(defaultMatcherSpecs(), [
      ...defaultSynonymSpecs(),
      { matcherId: 'email', key: 'inbox' },
    ]);
    const rebound = withKeyFamilies(compiled, later.familyOf);
    expect(rebound).not.toBe(bound);
    expect(applyProtection({ traits: { inbox: 'a@b.co' } }, rebound, normalizeKey).report).toHaveLength(1);
  });
});
