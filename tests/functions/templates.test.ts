// The editor's templates run in the sandbox and do what they say; the recipe's output equals
// what Node computes for it.
import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { FUNCTION_TEMPLATES, findFunctionTemplate } from '@/lib/functions/templates';
import { checkFunctionCode, runBatch, runFunction } from '@/lib/server/functions/sandbox';
import { deploy, track, useLoopbackSink } from '@/tests/functions/support';

const sink = useLoopbackSink({ clearPool: true });

const template = (id: string) => {
  const t = findFunctionTemplate(id);
  if (!t) throw new Error(`no template ${id}`);
  return t;
};

describe('templates', () => {
  it('declare their settings and pass the syntax check', async () => {
    expect(FUNCTION_TEMPLATES.map((t) => [t.id, t.kind])).toEqual([
      ['remove-phi-non-baa', 'destination'],
      ['webhook-forwarder', 'destination'],
      ['drop-property', 'insert'],
    ]);
    expect(template('remove-phi-non-baa').settings).toEqual([
      expect.objectContaining({ name: 'endpoint', type: 'string', required: true }),
      expect.objectContaining({ name: 'secret', type: 'secret', required: true }),
      expect.objectContaining({ name: 'algorithm', type: 'string', required: false }),
      expect.objectContaining({ name: 'digest', type: 'string', required: false }),
    ]);
    for (const t of FUNCTION_TEMPLATES) {
      const check = await checkFunctionCode(t.code);
      expect(check.ok, t.id).toBe(true);
      for (const s of t.settings) expect(t.code, `${t.id} uses settings.${s.name}`).toContain(`settings.${s.name}`);
    }
  });
});

describe('Remove PHI before a non-BAA destination', () => {
  const fn = deploy(template('remove-phi-non-baa').code);
  const hmac = (value: string, secret: string, alg = 'sha256', digest: crypto.BinaryToTextEncoding = 'hex') =>
    crypto.createHmac(alg, secret).update(value.trim().toLowerCase()).digest(digest);

  it('deletes every spelling of the names, HMACs the normalised email and POSTs the result', async () => {
    sink.setHandler((_req, res) => res.end('ok'));
    const event = track(
      {
        first_name: 'Ada',
        firstName: 'Ada',
        FirstName: 'Ada',
        firstname: 'Ada',
        'first-name': 'Ada',
        last_name: 'Lovelace',
        lastName: 'Lovelace',
        LASTNAME: 'Lovelace',
        email: '  Ada.Lovelace@Example.COM ',
        specialty: 'cardiology',
      },
      {
        context: {
          traits: { firstName: 'Ada', last_name: 'Lovelace', email: 'ada.lovelace@example.com', plan: 'gold' },
        },
      },
    );
    const settings = { endpoint: `${sink.url}/mixpanel`, secret: 'recipe-secret' };
    const before = sink.requests.length;
    const r = await runFunction(fn(event, settings));
    expect(r.outcome).toBe('ok');
    const expected = {
      ...event,
      properties: { email: hmac('ada.lovelace@example.com', 'recipe-secret'), specialty: 'cardiology' },
      context: { traits: { email: hmac('ada.lovelace@example.com', 'recipe-secret'), plan: 'gold' } },
    };
    expect(r.returned).toEqual(expected);
    const sent = sink.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'POST', url: '/mixpanel' });
    expect(sent[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent[0]!.body)).toEqual([expected]);
    expect(sent[0]!.body).not.toMatch(/Ada|Lovelace/);
  });

  it('uses the algorithm and digest from settings, and handles identify traits', async () => {
    const event = {
      type: 'identify',
      userId: 'u1',
      traits: { first_name: 'Grace', lastName: 'Hopper', email: 'Grace@Navy.mil' },
    };
    const r = await runFunction(
      fn(event, { endpoint: `${sink.url}/i`, secret: 's2', algorithm: 'sha512', digest: 'base64' }),
    );
    expect(r.returned).toEqual({
      type: 'identify',
      userId: 'u1',
      traits: { email: hmac('Grace@Navy.mil', 's2', 'sha512', 'base64') },
    });
  });

  it('retries on 5xx, 429 and connection errors, and fails on other 4xx', async () => {
    const settings = { endpoint: `${sink.url}/status`, secret: 's' };
    for (const [status, outcome, errorType] of [
      [500, 'retry', 'RetryError'],
      [503, 'retry', 'RetryError'],
      [429, 'retry', 'RetryError'],
      [400, 'failed', 'ValidationError'],
      [404, 'failed', 'ValidationError'],
    ] as const) {
      sink.setHandler((_req, res) => {
        res.writeHead(status);
        res.end();
      });
      const r = await runFunction(fn(track({ email: 'a@b.c' }), settings));
      expect(r, String(status)).toMatchObject({ outcome, errorType });
      expect(r.message).toContain(String(status));
    }
    sink.setHandler((_req, res) => res.end('ok'));
    const unreachable = await runFunction(
      fn(track({ email: 'a@b.c' }), { endpoint: 'http://127.0.0.1:1/', secret: 's' }),
    );
    expect(unreachable).toMatchObject({
      outcome: 'retry',
      errorType: 'RetryError',
      message: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it("runs Segment's recipe code unchanged", async () => {
    // The recipe as published (its endpoint and the fields it sets), only the URL filled in.
    const recipe = deploy(`async function onTrack(event, settings) {
  const endpoint = settings.endpoint; // replace with your endpoint
  let response;
  var buffer = [];
  try {
    (event.properties.token = settings.token),
      (event.properties.email = crypto
        .createHmac(settings.algorithm, settings.secret)
        .update(event.properties.email)
        .digest(settings.digest));
    delete event.properties.firstname, delete event.properties.lastname, buffer.push(event);
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/plain' },
      body: JSON.stringify(buffer)
    });
  } catch (error) {
    // Retry on connection error
    throw new RetryError(error.message);
  }
}`);
    sink.setHandler((_req, res) => res.end('1'));
    const before = sink.requests.length;
    const settings = {
      endpoint: `${sink.url}/track`,
      token: 'mp-token',
      algorithm: 'sha256',
      secret: 'k',
      digest: 'hex',
    };
    const r = await runFunction(
      recipe(track({ firstname: 'Ada', lastname: 'L', email: 'ada@example.com', plan: 'x' }), settings),
    );
    expect(r.outcome).toBe('ok');
    const [sent] = JSON.parse(sink.requests[before]!.body) as { properties: Record<string, unknown> }[];
    expect(sent!.properties).toEqual({
      email: crypto.createHmac('sha256', 'k').update('ada@example.com').digest('hex'),
      plan: 'x',
      token: 'mp-token',
    });
  });
});

describe('Webhook forwarder', () => {
  it('POSTs the event and signs the body with the signing secret', async () => {
    sink.setHandler((_req, res) => res.end('ok'));
    const fn = deploy(template('webhook-forwarder').code);
    const event = track({ a: 1 });
    const before = sink.requests.length;
    const r = await runFunction(fn(event, { url: `${sink.url}/hook`, signingSecret: 'sign-me' }));
    expect(r).toMatchObject({ outcome: 'ok', returned: { status: 200 } });
    const got = sink.requests[before]!;
    expect(JSON.parse(got.body)).toEqual(event);
    expect(got.headers['x-signature']).toBe(crypto.createHmac('sha256', 'sign-me').update(got.body).digest('hex'));
    const batch = await runBatch({ ...fn({}, { url: `${sink.url}/batch` }), events: [event, track({ b: 2 })] });
    expect(batch.outcome).toBe('ok');
    const batchReq = sink.requests.at(-1)!;
    expect(JSON.parse(batchReq.body)).toHaveLength(2);
    expect(batchReq.headers['x-signature']).toBeUndefined();
  });
});

describe('Drop a property (insert)', () => {
  it('removes the property everywhere and passes the event on', async () => {
    const fn = deploy(template('drop-property').code, 'insert');
    const event = track({ ssn: '123-45-6789', keep: true }, { context: { traits: { ssn: 'x', plan: 'p' } } });
    const r = await runFunction(fn(event));
    expect(r).toMatchObject({
      outcome: 'ok',
      returned: { ...event, properties: { keep: true }, context: { traits: { plan: 'p' } } },
    });
    const custom = await runFunction(fn({ type: 'identify', traits: { mrn: 'M-1', name: 'n' } }, { property: 'mrn' }));
    expect(custom.returned).toEqual({ type: 'identify', traits: { name: 'n' } });
  });
});
