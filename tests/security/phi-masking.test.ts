// Every response that carries event data masks it the same way for a viewer
// without PII access: one function, maskEventForViewer (lib/privacy/mask.ts).
// The walk below plants unique identifiers in a real event (ingested, queued,
// attempted), then calls every route that returns event data as a member without
// PII access and as compliance, and checks that none of them comes back in clear.
// A route a role may not call at all answers 403, which is fine. A new route that
// returns event data must join the walk: the registry check at the end fails until it does.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import {
  basic,
  post,
  seedDestination,
  seedSource,
  startIngestServer,
  startSink,
  type SeededSource,
  type Sink,
  type TestServer,
} from '@/tests/support/pipeline';
import { drain } from '@/tests/support/pipeline-worker';
import { callRoute, type RouteHandler } from '@/tests/support/route-call';
import { loadRouteRegistry, type RegistryEntry } from '@/tests/support/route-registry';
import { compileClassifier, defaultMatcherSpecs, defaultSynonymSpecs } from '@/lib/privacy';
import { IDENTITY_PATHS, maskEventForViewer } from '@/lib/privacy/mask';
import type { AuditEventType } from '@/lib/audit-events';

useServerDb();

const tag = randomUUID().slice(0, 8);
const PLANTED = {
  userId: `patient-${tag}-uid`,
  anonymousId: `anon-${tag}-aid`,
  email: `pat.${tag}@planted.example`,
  traitEmail: `trait.${tag}@planted.example`,
  ip: '198.51.100.173',
  deviceId: `device-${tag}-id`,
};

const EVENT = {
  type: 'track',
  event: 'Appointment Booked',
  messageId: `plant-${tag}`,
  userId: PLANTED.userId,
  anonymousId: PLANTED.anonymousId,
  properties: { email: PLANTED.email, plan: 'gold' },
  context: {
    ip: PLANTED.ip,
    traits: { email: PLANTED.traitEmail, nickname: `nick-${tag}` },
    device: { id: PLANTED.deviceId, manufacturer: 'Acme' },
  },
};

let server: TestServer;
let sink: Sink;
let src: SeededSource;
let destinationId: string;
let eventId: string;
let deliveryId: string;
let fieldIds: string[];
const users: Record<'owner' | 'member' | 'compliance' | 'memberWithPii', string> = {
  owner: '',
  member: '',
  compliance: '',
  memberWithPii: '',
};

async function member(role: 'owner' | 'member' | 'compliance', piiAccess = false): Promise<string> {
  const { getDb } = await import('@/lib/server/db');
  const db = await getDb();
  const email = `${role}-${randomUUID().slice(0, 8)}@masking.test`;
  const u = await db.user.create({ data: { email, name: `Masking ${role}`, passwordHash: 'x' } });
  await db.membership.create({ data: { workspaceId: src.workspaceId, userId: u.id, role, piiAccess } });
  return email;
}

beforeAll(async () => {
  process.env.OUTBOUND_ALLOWLIST = '127.0.0.1';
  server = await startIngestServer();
  sink = await startSink();
  // A failed attempt keeps its payload, so Event Delivery details have one to show.
  sink.reply = () => ({ status: 404 });
  src = await seedSource();
  destinationId = (await seedDestination(src, { settings: { url: `${sink.url}/masking` } })).id;
  const r = await post(server, '/v1/track', EVENT, { authorization: basic(src.writeKey) });
  expect(r.status).toBe(200);
  await drain({ untilSettled: true });

  const { getDb } = await import('@/lib/server/db');
  const db = await getDb();
  eventId = (await db.event.findFirstOrThrow({ where: { workspaceId: src.workspaceId } })).id;
  const d = await db.delivery.findFirstOrThrow({ where: { workspaceId: src.workspaceId, destinationId } });
  expect(d.payload).not.toBeNull();
  deliveryId = d.id;
  const { flushObservations } = await import('@/lib/server/ingest/observe-buffer');
  await flushObservations();
  fieldIds = (await db.observedField.findMany({ where: { workspaceId: src.workspaceId }, select: { id: true } })).map(
    (f) => f.id,
  );

  users.owner = await member('owner');
  users.member = await member('member');
  users.compliance = await member('compliance');
  users.memberWithPii = await member('member', true);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await sink?.close();
  delete process.env.OUTBOUND_ALLOWLIST;
});

interface Call {
  method: string;
  params: () => Record<string, string>;
  body?: () => unknown;
}

const ws = () => src.workspaceId;
const FUNCTION_CODE = 'async function onTrack(event) { console.log(JSON.stringify(event)); return event; }';

/** Every route that returns event data (or values taken from events), keyed as the registry keys them. */
const EVENT_DATA_ROUTES: Record<string, Call> = {
  'GET /api/workspaces/[workspaceId]/sources/[sourceId]/debugger': {
    method: 'GET',
    params: () => ({ workspaceId: ws(), sourceId: src.sourceId }),
  },
  'GET /api/workspaces/[workspaceId]/sources/[sourceId]/debugger/[eventId]': {
    method: 'GET',
    params: () => ({ workspaceId: ws(), sourceId: src.sourceId, eventId }),
  },
  'GET /api/workspaces/[workspaceId]/sources/[sourceId]/debugger/[eventId]/raw': {
    method: 'GET',
    params: () => ({ workspaceId: ws(), sourceId: src.sourceId, eventId }),
  },
  'GET /api/workspaces/[workspaceId]/destinations/[destinationId]/delivery': {
    method: 'GET',
    params: () => ({ workspaceId: ws(), destinationId }),
  },
  'GET /api/workspaces/[workspaceId]/destinations/[destinationId]/delivery/[deliveryId]': {
    method: 'GET',
    params: () => ({ workspaceId: ws(), destinationId, deliveryId }),
  },
  'POST /api/workspaces/[workspaceId]/destinations/[destinationId]/preview': {
    method: 'POST',
    params: () => ({ workspaceId: ws(), destinationId }),
    body: () => ({ eventId }),
  },
  'POST /api/workspaces/[workspaceId]/functions/test': {
    method: 'POST',
    params: () => ({ workspaceId: ws() }),
    body: () => ({ kind: 'destination', code: FUNCTION_CODE, sample: { sourceId: src.sourceId, eventId } }),
  },
  'POST /api/workspaces/[workspaceId]/privacy/samples': {
    method: 'POST',
    params: () => ({ workspaceId: ws() }),
    body: () => ({ fieldIds }),
  },
};

/** Audit kinds of reads that return event content; a route declaring one must be walked. */
const EVENT_READS: readonly AuditEventType[] = [
  'source_debugger.viewed',
  'source_debugger.raw_viewed',
  'destination.delivery_viewed',
  'destination.preview_viewed',
  'function.tested',
  'privacy.samples_viewed',
];
/** Under the debugger and delivery paths, but answering no event content (with why). */
const NO_EVENT_DATA: Record<string, string> = {
  'POST /api/workspaces/[workspaceId]/destinations/[destinationId]/delivery/replay': 'answers a count',
};
const carriesEventData = (e: RegistryEntry) =>
  e.method !== 'PAGE' &&
  !(e.key in NO_EVENT_DATA) &&
  ((e.audit.kind === 'phi-read' && EVENT_READS.includes(e.audit.event)) || /\/(debugger|delivery)(\/|$)/.test(e.route));

let handlers: Map<string, RouteHandler>;
beforeAll(async () => {
  const registry = await loadRouteRegistry();
  handlers = new Map(
    registry.entries.flatMap((e) => (e.method === 'PAGE' ? [] : [[e.key, e.handler as unknown as RouteHandler]])),
  );
}, 120_000);

async function call(key: string, as: string) {
  const c = EVENT_DATA_ROUTES[key]!;
  const handler = handlers.get(key);
  if (!handler) throw new Error(`no route ${key}`);
  return callRoute(handler, { as, params: c.params(), method: c.method, body: c.body?.() });
}

function clearIdentifiers(text: string): string[] {
  return Object.entries(PLANTED)
    .filter(([, v]) => text.includes(v))
    .map(([k]) => k);
}

describe('event data for viewers without PII access', () => {
  for (const role of ['member', 'compliance'] as const) {
    describe(`as ${role}`, () => {
      it.each(Object.keys(EVENT_DATA_ROUTES))('%s returns no planted identifier in clear', async (key) => {
        const r = await call(key, users[role]);
        expect([200, 201, 403], `${key}: ${r.status} ${r.text.slice(0, 300)}`).toContain(r.status);
        if (r.status === 403) return;
        expect(clearIdentifiers(r.text), `${key} as ${role}`).toEqual([]);
        if (/"masked":/.test(r.text)) expect(r.text).not.toContain('"masked":false');
      });
    });
  }

  it('the planted identifiers are really there: an owner and a member with PII access see them', async () => {
    for (const as of [users.owner, users.memberWithPii]) {
      const raw = await call('GET /api/workspaces/[workspaceId]/sources/[sourceId]/debugger/[eventId]/raw', as);
      expect(raw.status).toBe(200);
      expect(clearIdentifiers(raw.text).sort()).toEqual(Object.keys(PLANTED).sort());
      const details = await call(
        'GET /api/workspaces/[workspaceId]/destinations/[destinationId]/delivery/[deliveryId]',
        as,
      );
      expect(details.status).toBe(200);
      expect(clearIdentifiers(details.text)).toEqual(expect.arrayContaining(['userId', 'anonymousId', 'email']));
    }
  });

  it('walks every route that returns event data', async () => {
    const registry = await loadRouteRegistry();
    const found = registry.entries.filter(carriesEventData).map((e) => e.key);
    expect(
      found.filter((k) => !(k in EVENT_DATA_ROUTES)),
      'add these to EVENT_DATA_ROUTES',
    ).toEqual([]);
    expect(
      Object.keys(EVENT_DATA_ROUTES).filter((k) => !handlers.has(k)),
      'routes that no longer exist',
    ).toEqual([]);
  });
});

describe('maskEventForViewer', () => {
  const classifier = compileClassifier({
    matchers: defaultMatcherSpecs(),
    synonyms: defaultSynonymSpecs(),
    classifications: [],
  });

  it('masks the identity fields whatever the classifier says, keeping their shape', () => {
    const out = maskEventForViewer({ ...EVENT, previousId: 'prev-1' }, classifier, { unmasked: false });
    expect(clearIdentifiers(JSON.stringify(out))).toEqual([]);
    expect(JSON.stringify(out)).not.toContain('prev-1');
    expect(JSON.stringify(out)).not.toContain(`nick-${tag}`);
    expect(out.context.traits).toEqual({
      email: expect.stringMatching(/^•+ \(\d+ chars\)$/),
      nickname: expect.any(String),
    });
    // Envelope fields and unclassified, non-identity values stay readable.
    expect(out).toMatchObject({ type: 'track', event: 'Appointment Booked', messageId: EVENT.messageId });
    expect(out.properties.plan).toBe('gold');
    expect(out.context.device.manufacturer).toBe('Acme');
  });

  it('returns a plain deep copy for a viewer with PII access', () => {
    const out = maskEventForViewer(EVENT, classifier, { unmasked: true });
    expect(out).toEqual(EVENT);
    expect(out).not.toBe(EVENT);
    expect(out.context).not.toBe(EVENT.context);
  });

  it('never mutates its input, and masks what is not an event object whole', () => {
    const input = structuredClone(EVENT);
    maskEventForViewer(input, classifier, { unmasked: false });
    expect(input).toEqual(EVENT);
    expect(maskEventForViewer('pat@example.com', classifier, { unmasked: false })).not.toContain('pat');
    expect(JSON.stringify(maskEventForViewer([EVENT], classifier, { unmasked: false }))).not.toContain(PLANTED.userId);
    expect(maskEventForViewer(null, classifier, { unmasked: false })).toBeNull();
  });

  it('covers userId, anonymousId, context.ip and context.traits', () => {
    const paths = IDENTITY_PATHS.map((p) => p.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['userId', 'anonymousId', 'context.ip', 'context.traits']));
  });
});
