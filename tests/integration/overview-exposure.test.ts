// Issue 15 #1: the Overview under-reported clear PHI. Fields nobody has classified
// yet (the Inbox suggests email and diagnosis as Yellow, ssn and credit_card as Red)
// were left out, and disabled destinations were counted. The Overview, its blast
// radius and every destination's Preview now come from one computation; this test
// builds the reported scenario through real ingest and the console's own routes and
// holds the three to the same answer, before and after an owner classifies fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { ctxFor, workspaceId } from '@/tests/support/ctx';
import { callRoute, DEMO } from '@/tests/support/route-call';
import { basic, post, startIngestServer, type TestServer } from '@/tests/support/pipeline';
import { seedDemo } from '@/lib/server/seed/demo';
import { flushObservations } from '@/lib/server/ingest/observe-buffer';
import { loadExposureOverview } from '@/lib/server/destinations/protection/blast-radius';
import { GET as inboxRoute } from '@/app/api/workspaces/[workspaceId]/privacy/inbox/route';
import { POST as matcherRoute } from '@/app/api/workspaces/[workspaceId]/privacy/matchers/route';
import { PUT as classifyRoute } from '@/app/api/workspaces/[workspaceId]/privacy/fields/[fieldId]/classification/route';
import { POST as createDestinationRoute } from '@/app/api/workspaces/[workspaceId]/destinations/route';
import { PUT as baaRoute } from '@/app/api/workspaces/[workspaceId]/destinations/[destinationId]/baa-override/route';
import { POST as previewRoute } from '@/app/api/workspaces/[workspaceId]/destinations/[destinationId]/preview/route';
import { GET as blastRadiusRoute } from '@/app/api/workspaces/[workspaceId]/blast-radius/route';
import type { DestinationExposure, DestinationView } from '@/lib/schemas/destinations';
import type { InboxView } from '@/lib/schemas/privacy';
import type { PreviewView } from '@/lib/schemas/encryption';

useServerDb();

const WRITE_KEY = 'wk_test_overview_exposure';
const EVENT = {
  type: 'track',
  event: 'Claim Submitted',
  userId: 'patient-15',
  properties: {
    email: 'ada@example.com',
    diagnosis: 'J45.909',
    ssn: '123-45-6789',
    credit_card: '4111 1111 1111 1111',
    // The key says nothing; only a value pattern (the custom SSN matcher below) flags it.
    member_ref: '078-05-1120',
    plan: 'gold',
  },
};
const SUGGESTED = {
  'properties.email': 'yellow',
  'properties.diagnosis': 'yellow',
  'properties.ssn': 'red',
  'properties.credit_card': 'red',
  'properties.member_ref': 'red',
};

let server: TestServer;
let ws: string;
let sourceId: string;
const dest: Record<'open' | 'paused' | 'lake', string> = { open: '', paused: '', lake: '' };

async function destination(body: Record<string, unknown>, override: boolean | null): Promise<string> {
  const r = await callRoute<DestinationView>(createDestinationRoute, {
    as: DEMO.owner,
    params: { workspaceId: ws },
    method: 'POST',
    body: { sourceId, ...body },
  });
  expect(r.status, r.text).toBe(201);
  if (override !== null) {
    const b = await callRoute<DestinationView>(baaRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws, destinationId: r.body.id },
      method: 'PUT',
      body: { override },
    });
    expect(b.status, b.text).toBe(200);
  }
  return r.body.id;
}

/** Preview of the source's latest Debugger event: the Red/Yellow paths it says would go in clear. */
async function previewInClear(destinationId: string): Promise<{ paths: string[]; message: string | null }> {
  const r = await callRoute<PreviewView>(previewRoute, {
    as: DEMO.owner,
    params: { workspaceId: ws, destinationId },
    method: 'POST',
    body: { latest: true },
  });
  expect(r.status, r.text).toBe(200);
  const w = r.body.warnings.find((x) => x.code === 'sensitive_in_clear_without_baa');
  return { paths: (w?.paths ?? []).sort(), message: w?.message ?? null };
}

const exposedPaths = (row: DestinationExposure) => row.exposed.map((f) => `${f.keyPath} (${f.classification})`).sort();

/** The Overview (through the function its page calls) agrees with the Preview of every destination. */
async function expectOneAnswer(): Promise<Awaited<ReturnType<typeof loadExposureOverview>>> {
  const overview = await loadExposureOverview(await ctxFor(DEMO.owner, 'sunshine-health'));
  expect(overview.destinations.map((d) => d.destinationId).sort()).toEqual(Object.values(dest).sort());
  for (const row of overview.destinations) {
    const preview = await previewInClear(row.destinationId);
    expect(preview.paths, `Preview and blast radius of ${row.name}`).toEqual(exposedPaths(row));
    if (row.exposed.length > 0)
      expect(preview.message).toMatch(new RegExp(`^${row.exposed.length} Red/Yellow fields? would go in clear`));
  }
  // The blast-radius API answers the same as the page.
  const api = await callRoute<{ destinations: DestinationExposure[] }>(blastRadiusRoute, {
    as: DEMO.member,
    params: { workspaceId: ws },
  });
  expect(api.status, api.text).toBe(200);
  expect(api.body.destinations).toEqual(overview.destinations);
  return overview;
}

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: WRITE_KEY });
  ws = await workspaceId('sunshine-health');
  const { getDb } = await import('@/lib/server/db');
  sourceId = (await (await getDb()).source.findFirstOrThrow({ where: { workspaceId: ws } })).id;
  server = await startIngestServer();

  // A custom value matcher: the Inbox suggests Red for any field whose value looks like an SSN.
  const m = await callRoute(matcherRoute, {
    as: DEMO.owner,
    params: { workspaceId: ws },
    method: 'POST',
    body: { name: 'SSN values', color: 'red', matchOn: 'value', type: 'preset', preset: 'ssn' },
  });
  expect(m.status, m.text).toBe(201);

  const r = await post(server, '/v1/track', EVENT, { authorization: basic(WRITE_KEY) });
  expect(r.status).toBe(200);
  await flushObservations();

  dest.open = await destination(
    {
      catalogId: 'webhook',
      name: 'Claims webhook',
      enabled: true,
      settings: { url: 'https://example.com/claims', sharedSecret: 'claims-shared-secret-0123' },
    },
    false,
  );
  dest.paused = await destination(
    {
      catalogId: 'webhook',
      name: 'Paused webhook',
      enabled: false,
      settings: { url: 'https://example.com/paused', sharedSecret: 'paused-shared-secret-0123' },
    },
    false,
  );
  dest.lake = await destination(
    {
      catalogId: 'amazon-s3',
      name: 'Data lake',
      enabled: true,
      settings: { bucket: 'phi-lake', accessKeyId: 'AKIA0000', secretAccessKey: 'aws-secret' },
    },
    null,
  );
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe('the Overview, the blast radius and Preview give one answer (issue 15 #1)', () => {
  it('counts unclassified fields the Inbox suggests as Red/Yellow, and enabled destinations only', async () => {
    const inbox = await callRoute<InboxView>(inboxRoute, { as: DEMO.owner, params: { workspaceId: ws } });
    expect(inbox.status, inbox.text).toBe(200);
    const suggested = Object.fromEntries(
      inbox.body.fields.filter((f) => f.keyPath in SUGGESTED).map((f) => [f.keyPath, f.suggestedColor]),
    );
    expect(suggested).toEqual(SUGGESTED);

    const overview = await expectOneAnswer();
    const row = (id: string) => overview.destinations.find((d) => d.destinationId === id)!;
    expect(exposedPaths(row(dest.open))).toEqual([
      'properties.credit_card (red)',
      'properties.diagnosis (yellow)',
      'properties.email (yellow)',
      'properties.member_ref (red)',
      'properties.ssn (red)',
    ]);
    expect(row(dest.open).exposed.every((f) => f.suggested)).toBe(true);
    expect(row(dest.open)).toMatchObject({ enabled: true, effectiveBaa: 'does_not_sign' });
    // The disabled webhook would receive the same, but receives nothing now: not counted.
    expect(row(dest.paused)).toMatchObject({ enabled: false });
    expect(row(dest.paused).exposed).toHaveLength(5);
    expect(row(dest.lake)).toMatchObject({ enabled: true, effectiveBaa: 'signs', exposed: [] });
    expect(row(dest.lake).fields).toHaveLength(5);
    expect({ exposed: overview.exposed, exposedDisabled: overview.exposedDisabled }).toEqual({
      exposed: 1,
      exposedDisabled: 1,
    });
  });

  it('follows the owner’s classification: Green leaves the count, Red replaces the suggestion', async () => {
    const { getDb } = await import('@/lib/server/db');
    const fields = await (
      await getDb()
    ).observedField.findMany({
      where: { workspaceId: ws, keyPath: { in: ['properties.email', 'properties.diagnosis'] } },
      select: { id: true, keyPath: true },
    });
    for (const f of fields) {
      const color = f.keyPath === 'properties.email' ? 'green' : 'red';
      const r = await callRoute(classifyRoute, {
        as: DEMO.owner,
        params: { workspaceId: ws, fieldId: f.id },
        method: 'PUT',
        body: { color },
      });
      expect(r.status, r.text).toBe(200);
    }

    const overview = await expectOneAnswer();
    const open = overview.destinations.find((d) => d.destinationId === dest.open)!;
    expect(open.exposed.map((f) => [f.keyPath, f.classification, f.suggested])).toEqual([
      ['properties.credit_card', 'red', true],
      ['properties.diagnosis', 'red', false],
      ['properties.member_ref', 'red', true],
      ['properties.ssn', 'red', true],
    ]);
    expect(overview.destinations.find((d) => d.destinationId === dest.paused)!.exposed).toHaveLength(4);
    expect({ exposed: overview.exposed, exposedDisabled: overview.exposedDisabled }).toEqual({
      exposed: 1,
      exposedDisabled: 1,
    });
  });
});
