// The sandbox's crypto, Buffer and text/base64 globals against Node's own, on generated inputs
// (including NUL, astral characters and lone surrogates, which do not survive a C string).
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import crypto from 'node:crypto';
import { clearSandboxPool, runFunction, runMany } from '@/lib/server/functions/sandbox';
import { batchOf, deploy, track } from '@/tests/functions/support';

afterAll(() => clearSandboxPool());

const ALGORITHMS = ['sha1', 'sha256', 'sha512', 'md5'] as const;
const ENCODINGS = ['hex', 'base64', 'base64url'] as const;

interface Case {
  kind: 'hash' | 'hmac';
  alg: (typeof ALGORITHMS)[number];
  enc: string | null;
  data: string | number[];
  key: string | number[];
}

// Evaluates every case in one call; byte inputs travel as arrays of numbers.
const digester = deploy(`async function onTrack(event) {
  return event.properties.cases.map((c) => {
    const bytes = (v) => (typeof v === 'string' ? v : new Uint8Array(v));
    const h = c.kind === 'hash' ? crypto.createHash(c.alg) : crypto.createHmac(c.alg, bytes(c.key));
    const out = h.update(bytes(c.data)).digest(c.enc === null ? undefined : c.enc);
    return typeof out === 'string' ? out : { bytes: Array.from(out), isBuffer: Buffer.isBuffer(out), isU8: out instanceof Uint8Array };
  });
}`);

function nodeDigest(c: Case): unknown {
  const bytes = (v: string | number[]) => (typeof v === 'string' ? v : Buffer.from(v));
  const h = c.kind === 'hash' ? crypto.createHash(c.alg) : crypto.createHmac(c.alg, bytes(c.key));
  h.update(bytes(c.data));
  const out: Buffer | string = c.enc === null ? h.digest() : h.digest(c.enc as crypto.BinaryToTextEncoding);
  return typeof out === 'string' ? out : { bytes: Array.from(out), isBuffer: true, isU8: true };
}

async function sandboxDigests(cases: Case[]): Promise<unknown[]> {
  const r = await runFunction(digester({ type: 'track', properties: { cases } }));
  if (r.outcome !== 'ok') throw new Error(`${r.outcome}: ${r.message}`);
  return r.returned as unknown[];
}

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 64 }),
  fc.string({ maxLength: 64 }),
  fc.constantFrom('', '\0', 'a\0b', '\ud800', 'x\udfffy', '😀', 'patient@example.com'),
);
const anyBytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 });

describe('crypto matches node:crypto', () => {
  it('hash and hmac × sha1/sha256/sha512/md5 × hex/base64/base64url, text and byte inputs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            kind: fc.constantFrom('hash' as const, 'hmac' as const),
            alg: fc.constantFrom(...ALGORITHMS),
            enc: fc.constantFrom<string | null>(...ENCODINGS),
            data: fc.oneof(anyText, anyBytes),
            key: fc.oneof(anyText, anyBytes),
          }),
          { minLength: 1, maxLength: 24 },
        ),
        async (cases) => {
          expect(await sandboxDigests(cases)).toEqual(cases.map(nodeDigest));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('digest() without an encoding answers a Buffer with the same bytes; latin1/binary/utf8 text digests match', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            kind: fc.constantFrom('hash' as const, 'hmac' as const),
            alg: fc.constantFrom(...ALGORITHMS),
            enc: fc.constantFrom<string | null>(null, 'latin1', 'binary', 'utf8', 'ucs2', 'ascii', 'not-an-encoding'),
            data: fc.oneof(anyText, anyBytes),
            key: anyText,
          }),
          { minLength: 1, maxLength: 16 },
        ),
        async (cases) => {
          expect(await sandboxDigests(cases)).toEqual(cases.map(nodeDigest));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('chained update() calls with input encodings', async () => {
    const fn = deploy(`function onTrack(event) {
      return event.properties.cases.map((c) => {
        const h = c.hmac ? crypto.createHmac(c.alg, c.key) : crypto.createHash(c.alg);
        for (const [data, enc] of c.parts) h.update(data, enc === null ? undefined : enc);
        return h.digest('hex');
      });
    }`);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            hmac: fc.boolean(),
            alg: fc.constantFrom(...ALGORITHMS),
            key: anyText,
            parts: fc.array(
              fc.oneof(
                fc.tuple(anyText, fc.constantFrom<string | null>(null, 'utf8', 'latin1', 'utf16le')),
                anyBytes.map((b) => [Buffer.from(b).toString('hex'), 'hex'] as [string, string]),
                anyBytes.map((b) => [Buffer.from(b).toString('base64'), 'base64'] as [string, string]),
              ),
              { maxLength: 5 },
            ),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (cases) => {
          const r = await runFunction(fn({ type: 'track', properties: { cases } }));
          const expected = cases.map((c) => {
            const h = c.hmac ? crypto.createHmac(c.alg, c.key) : crypto.createHash(c.alg);
            for (const [data, enc] of c.parts) h.update(data, (enc ?? undefined) as BufferEncoding);
            return h.digest('hex');
          });
          expect(r.returned).toEqual(expected);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('throws what Node throws for bad algorithms, keys, data and a second digest', async () => {
    const fn = deploy(`function onTrack(event) {
      const attempt = (f) => { try { f(); return 'no error' } catch (e) { return e.name + ': ' + e.message } };
      return [
        attempt(() => crypto.createHmac('nope', 'k')),
        attempt(() => crypto.createHash('nope')),
        attempt(() => crypto.createHmac(undefined, 'k')),
        attempt(() => crypto.createHmac('sha256', undefined)),
        attempt(() => crypto.createHash('sha256').update(5)),
        attempt(() => { const h = crypto.createHash('sha256'); h.digest(); h.digest() }),
        crypto.createHash('SHA256').update('a').digest('hex'),
      ];
    }`);
    const attempt = (f: () => unknown) => {
      try {
        f();
        return 'no error';
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    };
    const untyped = crypto as unknown as {
      createHmac(a: unknown, k: unknown): unknown;
      createHash(a: string): { update(d: unknown): unknown };
    };
    const expected = [
      attempt(() => crypto.createHmac('nope', 'k')),
      attempt(() => crypto.createHash('nope')),
      attempt(() => untyped.createHmac(undefined, 'k')),
      attempt(() => untyped.createHmac('sha256', undefined)),
      attempt(() => untyped.createHash('sha256').update(5)),
      attempt(() => {
        const h = crypto.createHash('sha256');
        h.digest();
        h.digest();
      }),
      crypto.createHash('SHA256').update('a').digest('hex'),
    ];
    expect((await runFunction(fn({ type: 'track' }))).returned).toEqual(expected);
  });

  it('randomUUID, getRandomValues, randomBytes and timingSafeEqual', async () => {
    const fn = deploy(`function onTrack() {
      const a = new Uint8Array(32);
      crypto.getRandomValues(a);
      const attempt = (f) => { try { return f() } catch (e) { return e.name + ': ' + e.message } };
      return {
        uuids: [crypto.randomUUID(), crypto.randomUUID()],
        filled: a.some((b) => b !== 0),
        bytes: crypto.randomBytes(16).length,
        equal: crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abc')),
        unequal: crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abd')),
        lengths: attempt(() => crypto.timingSafeEqual(Buffer.from('a'), Buffer.from('ab'))),
        hashes: crypto.getHashes().includes('sha256'),
      };
    }`);
    const r = (await runFunction(fn({ type: 'track' }))).returned as Record<string, unknown>;
    const uuids = r.uuids as string[];
    for (const u of uuids) expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuids[0]).not.toBe(uuids[1]);
    expect(r).toMatchObject({ filled: true, bytes: 16, equal: true, unequal: false, hashes: true });
    expect(r.lengths).toBe('RangeError: Input buffers must have the same byte length');
  });
});

describe('Buffer, TextEncoder/TextDecoder, btoa/atob match Node', () => {
  const fn = deploy(`function onTrack(event) {
    const p = event.properties;
    const attempt = (f) => { try { return f() } catch (e) { return 'throws ' + e.name } };
    return {
      buffers: p.texts.map((t) => ['utf8', 'hex', 'base64', 'base64url', 'latin1', 'utf16le'].map((enc) => Buffer.from(t).toString(enc))),
      roundTrip: p.texts.map((t) => Buffer.from(Buffer.from(t, 'utf16le').toString('base64'), 'base64').toString('utf16le')),
      lengths: p.texts.map((t) => Buffer.byteLength(t)),
      encoded: p.texts.map((t) => Array.from(new TextEncoder().encode(t))),
      decoded: p.bytes.map((b) => new TextDecoder().decode(new Uint8Array(b))),
      fatal: p.bytes.map((b) => attempt(() => new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(b)))),
      btoa: p.texts.map((t) => attempt(() => btoa(t))),
      atob: p.texts.map((t) => attempt(() => atob(t))),
      json: Buffer.from([1, 2, 3]).toJSON(),
    };
  }`);

  it('on generated text and bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            anyText,
            fc.base64String({ maxLength: 40 }),
            fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)) }),
          ),
          {
            maxLength: 10,
          },
        ),
        fc.array(anyBytes, { maxLength: 10 }),
        async (texts, bytes) => {
          const r = await runFunction(fn({ type: 'track', properties: { texts, bytes } }));
          const attempt = (f: () => unknown) => {
            try {
              return f();
            } catch (e) {
              return `throws ${(e as Error).name === 'InvalidCharacterError' || (e as Error).name === 'DOMException' ? 'InvalidCharacterError' : (e as Error).name}`;
            }
          };
          expect(r.returned).toEqual({
            buffers: texts.map((t) =>
              (['utf8', 'hex', 'base64', 'base64url', 'latin1', 'utf16le'] as const).map((enc) =>
                Buffer.from(t).toString(enc),
              ),
            ),
            roundTrip: texts.map((t) =>
              Buffer.from(Buffer.from(t, 'utf16le').toString('base64'), 'base64').toString('utf16le'),
            ),
            lengths: texts.map((t) => Buffer.byteLength(t)),
            encoded: texts.map((t) => Array.from(new TextEncoder().encode(t))),
            decoded: bytes.map((b) => new TextDecoder().decode(new Uint8Array(b))),
            fatal: bytes.map((b) => attempt(() => new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(b)))),
            btoa: texts.map((t) => attempt(() => btoa(t))),
            atob: texts.map((t) => attempt(() => atob(t))),
            json: { type: 'Buffer', data: [1, 2, 3] },
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('digest fast paths match node:crypto', () => {
  // A cached key per (algorithm, key string), HMAC as two one-shot hashes for the SHA-2/SHA-1/MD5
  // names, createHmac for every other algorithm, one-shot hashes: all must equal Node byte for byte.
  const fn = deploy(`function onTrack(event) {
    const p = event.properties;
    const out = (d) => (typeof d === 'string' ? d : Array.from(d));
    return {
      hmac: p.hmac.map((c) => out(crypto.createHmac(c.alg, c.key).update(c.data).digest(c.enc ?? undefined))),
      hash: p.hash.map((c) => out(crypto.createHash(c.alg).update(c.data).digest(c.enc ?? undefined))),
      repeated: p.keys.map((k) => crypto.createHmac('sha256', k).update(p.text).digest('hex')),
      parts: crypto.createHmac('sha512', p.keys[0]).update('a').update('ff', 'hex').update(p.text, 'latin1').digest('base64'),
    };
  }`);
  const outOf = (d: Buffer | string) => (typeof d === 'string' ? d : Array.from(d));
  const node = {
    hmac: (c: { alg: string; key: string; data: string; enc: string | null }) =>
      outOf(
        c.enc === null
          ? crypto.createHmac(c.alg, c.key).update(c.data).digest()
          : crypto
              .createHmac(c.alg, c.key)
              .update(c.data)
              .digest(c.enc as crypto.BinaryToTextEncoding),
      ),
    hash: (c: { alg: string; data: string; enc: string | null }) =>
      outOf(
        c.enc === null
          ? crypto.createHash(c.alg).update(c.data).digest()
          : crypto
              .createHash(c.alg)
              .update(c.data)
              .digest(c.enc as crypto.BinaryToTextEncoding),
      ),
  };

  it('HMAC for keys around and beyond the block size, every listed algorithm spelling and encoding', async () => {
    const algs = [
      'md5',
      'sha1',
      'sha224',
      'sha256',
      'sha384',
      'sha512',
      'sha512-256',
      'sha3-256',
      'SHA256',
      'RSA-SHA1',
    ];
    const lengths = [0, 1, 63, 64, 65, 127, 128, 129, 300, 4096, 4097];
    const encs = ['hex', 'base64', 'base64url', 'latin1', null];
    const hmac = [];
    for (const alg of algs)
      for (const n of lengths)
        for (const enc of encs) {
          const key = 'k'.repeat(Math.max(0, n - 1)) + (n > 0 ? 'é' : '');
          hmac.push({ alg, key, data: `patient${n}@example.com ✓`, enc });
        }
    const hash = crypto.getHashes().flatMap((alg) => encs.map((enc) => ({ alg, data: 'héllo wörld', enc })));
    // More distinct keys than the runtime caches: the ones past the bound take the general path.
    const keys = Array.from({ length: 300 }, (_, i) => `key-${i}`);
    const text = 'patient@example.com';
    const event = track({ hmac, hash, keys, text });
    const expected = {
      hmac: hmac.map(node.hmac),
      hash: hash.map(node.hash),
      repeated: keys.map((k) => crypto.createHmac('sha256', k).update(text).digest('hex')),
      parts: crypto
        .createHmac('sha512', keys[0]!)
        .update('a')
        .update('ff', 'hex')
        .update(text, 'latin1')
        .digest('base64'),
    };
    const single = await runFunction(fn(event, {}, { limits: { maxOutputBytes: 4 * 1024 * 1024 } }));
    expect(single.outcome).toBe('ok');
    expect(single.returned).toEqual(expected);
    // Again on the warm runtime (every key now cached), and through the batch path.
    const [again, batched] = await runMany(batchOf(fn(event, {}, { limits: { maxOutputBytes: 4 * 1024 * 1024 } })), [
      event,
      event,
    ]);
    expect(again!.returned).toEqual(expected);
    expect(batched!.returned).toEqual(expected);
  });
});
