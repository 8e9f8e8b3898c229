// Issue 14 #4: a member redirected a PHI-receiving webhook to their own sink and
// replayed old events to it. Through the real route handlers, the tracking API and
// the delivery worker against real HTTP sinks: in a HIPAA-eligible workspace the
// endpoint, credentials and BAA status change only after a recent re-auth;
// in every workspace what was queued for the old endpoint is held, a replay of it
// is refused (409 naming both endpoints) and sends nothing, a member cannot
// confirm it, and an owner's confirmed replay goes to the new endpoint with an
// audit row that names both.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { callRoute, type RouteHandler } from '@/tests/support/route-call';
import {
  basic,
  post,
  seedDestination,
  seedSource,
  startSink,
  type SeededSource,
  type Sink,
  type TestServer,
} from '@/tests/support/pipeline';
import { usePipelineHarness } from '@/tests/support/pipeline-harness';
import { drain, testWorkerConfig } from '@/tests/support/pipeline-worker';
import { hashPassword } from '@/lib/server/sessions/password';
import { claimDeliveries, finishDeliveries } from '@/lib/server/delivery/queue';
import { processClaimed } from '@/lib/server/delivery/process';
import { PATCH as patchDestination } from '@/app/api/workspaces/[workspaceId]/destinations/[destinationId]/route';
import { PUT as putBaa } from '@/app/api/workspaces/[workspaceId]/destinations/[destinationId]/baa-override/route';
import { POST as replayRoute } from '@/app/api/workspaces/[workspaceId]/destinations/[destinationId]/delivery/replay/route';
import { POST as reauthRoute } from '@/app/api/session/reauth/route';

const PASSWORD = 'redirect-test-password-1';
const db = useServerDb();
let server: TestServer;
let clinic: Sink;
let evil: Sink;

usePipelineHarness((s, k) => {
  server = s;
  clinic = k;
});

type Err = { error: { code: string; message: string; details?: Record<string, unknown> } };

const emails = { owner: '', member: '' };

beforeAll(async () => {
  evil = await startSink();
  const hash = await hashPassword(PASSWORD);
  for (const role of ['owner', 'member'] as const) {
    emails[role] = `${role}-${randomUUID().slice(0, 8)}@redirect.example`;
    await db.current.prisma.user.create({
      data: { email: emails[role], name: `Redirect ${role}`, passwordHash: hash },
    });
  }
  return () => evil.close();
});

/** A workspace with a webhook destination, its owner and member; with a BAA it is HIPAA-eligible. */
async function setup(opts: { hipaa: boolean }) {
  const p = db.current.prisma;
  const src = await seedSource();
  for (const role of ['owner', 'member'] as const) {
    const user = await p.user.findUniqueOrThrow({ where: { email: emails[role] } });
    await p.membership.create({ data: { workspaceId: src.workspaceId, userId: user.id, role } });
  }
  if (opts.hipaa) {
    const owner = await p.user.findUniqueOrThrow({ where: { email: emails.owner } });
    await p.baa.create({
      data: {
        workspaceId: src.workspaceId,
        signedAt: new Date('2026-01-01'),
        signatory: 'Dana',
        planTier: 'business',
        recordedById: owner.id,
      },
    });
  }
  const path = `/clinic-${randomUUID().slice(0, 6)}`;
  const dest = await seedDestination(src, {
    name: 'Clinic CRM hook',
    settings: { url: `${clinic.url}${path}`, timeoutMs: 10_000, batchSize: 1 },
    secrets: { sharedSecret: 'whsec-clinic-0123456789' },
  });
  return { src, id: dest.id, oldUrl: `${clinic.url}${path}` };
}

const params = (src: SeededSource, destinationId: string) => ({ workspaceId: src.workspaceId, destinationId });

function call<T>(handler: RouteHandler, as: string, src: SeededSource, id: string, method: string, body?: unknown) {
  return callRoute<T>(handler, { as, params: params(src, id), method, body });
}

const patch = (as: string, src: SeededSource, id: string, body: unknown) =>
  call<Err>(patchDestination, as, src, id, 'PATCH', body);
const replay = (as: string, src: SeededSource, id: string, body: unknown = {}) =>
  call<Err & { replayed: number }>(replayRoute, as, src, id, 'POST', body);

async function reauth(email: string) {
  const r = await callRoute(reauthRoute, { as: email, params: {}, method: 'POST', body: { password: PASSWORD } });
  expect(r.status).toBe(200);
}

/** Forgets every re-auth of these users' sessions (the route-call sessions are reused across tests). */
async function forgetReauth() {
  await db.current.prisma.session.updateMany({
    where: { user: { email: { in: [emails.owner, emails.member] } } },
    data: { reauthenticatedAt: null },
  });
}

async function track(src: SeededSource, messageIds: string[]) {
  const batch = messageIds.map((messageId) => ({
    type: 'track',
    messageId,
    userId: 'patient-7',
    event: 'Lab Result Ready',
    properties: { email: 'pat.patient@example.com', mrn: 'MRN-0042' },
  }));
  const r = await post(server, '/v1/batch', { batch }, { authorization: basic(src.writeKey) });
  expect(r.status).toBe(200);
}

async function statusByMessage(destinationId: string): Promise<Record<string, string>> {
  const rows = await db.current.prisma.delivery.findMany({
    where: { destinationId },
    select: { status: true, eventId: true },
  });
  const events = await db.current.prisma.event.findMany({
    where: { id: { in: rows.map((r) => r.eventId) } },
    select: { id: true, messageId: true },
  });
  const mid = new Map(events.map((e) => [e.id, e.messageId]));
  return Object.fromEntries(rows.map((r) => [mid.get(r.eventId)!, r.status]));
}

const audits = (targetId: string, eventType: string) =>
  db.current.prisma.auditLog.findMany({ where: { targetId, eventType }, orderBy: { seq: 'asc' } });

const evilGot = (path: string) => evil.requests.filter((r) => r.path === path);

describe('HIPAA-eligible workspace', () => {
  let w: Awaited<ReturnType<typeof setup>>;
  const newPath = `/collect-${randomUUID().slice(0, 6)}`;
  let newUrl: string;

  beforeAll(async () => {
    await forgetReauth();
    w = await setup({ hipaa: true });
    newUrl = `${evil.url}${newPath}`;
  });

  it('a member without a recent re-auth cannot change the URL, the credentials or the BAA status, and nothing changes', async () => {
    const before = await db.current.prisma.destination.findUniqueOrThrow({ where: { id: w.id } });
    const url = await patch(emails.member, w.src, w.id, { settings: { url: newUrl } });
    expect(url.status).toBe(403);
    expect(url.body.error.code).toBe('reauth_required');
    const secret = await patch(emails.member, w.src, w.id, {
      settings: { url: w.oldUrl, sharedSecret: 'whsec-attacker-0123456789' },
    });
    expect(secret.status).toBe(403);
    expect(secret.body.error.code).toBe('reauth_required');
    // The BAA status is the owner's to change, and even the owner needs a recent re-auth for it.
    expect((await call<Err>(putBaa, emails.member, w.src, w.id, 'PUT', { override: true })).status).toBe(403);
    const baa = await call<Err>(putBaa, emails.owner, w.src, w.id, 'PUT', { override: true });
    expect(baa.status).toBe(403);
    expect(baa.body.error.code).toBe('reauth_required');

    const after = await db.current.prisma.destination.findUniqueOrThrow({ where: { id: w.id } });
    expect(after).toMatchObject({
      settings: before.settings,
      secretsEnc: before.secretsEnc,
      baaOverride: null,
      endpointChangedAt: null,
      previousEndpoint: null,
    });
    expect(await audits(w.id, 'destination.modified')).toHaveLength(0);
    expect(await audits(w.id, 'destination.baa_override_modified')).toHaveLength(0);

    // Changes that do not move PHI need no re-auth: a rename, with the same settings saved along.
    const rename = await patch(emails.member, w.src, w.id, { name: 'Clinic CRM', settings: { url: w.oldUrl } });
    expect(rename.status).toBe(200);
  });

  it('with a recent re-auth the member changes the URL: audited without secrets, waiting and in-flight deliveries are held, nothing reaches the new endpoint', async () => {
    // Two deliveries the old endpoint refused (failed), one claimed by a worker when the change lands, one waiting.
    clinic.reply = () => ({ status: 400 });
    await track(w.src, ['f-1', 'f-2']);
    await drain();
    clinic.reply = () => ({ status: 200 });
    await track(w.src, ['inflight-1']);
    const claimed = await claimDeliveries(db.current.prisma, 1, 30);
    expect(claimed).toHaveLength(1);
    await track(w.src, ['p-1']);

    await reauth(emails.member);
    const r = await patch(emails.member, w.src, w.id, { settings: { url: newUrl } });
    expect(r.status, r.text).toBe(200);

    const d = await db.current.prisma.destination.findUniqueOrThrow({ where: { id: w.id } });
    expect(d.previousEndpoint).toBe(w.oldUrl);
    expect(d.endpointChangedAt).toBeInstanceOf(Date);
    const [modified] = await audits(w.id, 'destination.modified').then((rows) => rows.slice(-1));
    expect(modified!.changes).toEqual({
      settingsChanged: ['url'],
      endpointChanged: { from: w.oldUrl, to: newUrl },
      heldDeliveries: 1,
    });
    expect(JSON.stringify(modified!.changes)).not.toContain('whsec');

    // The worker that claimed a delivery before the change finishes it after: held, not sent.
    const batch = await processClaimed(claimed, testWorkerConfig());
    await finishDeliveries(db.current.prisma, batch.results, batch.attempts);
    await drain();
    expect(await statusByMessage(w.id)).toEqual({
      'f-1': 'failed',
      'f-2': 'failed',
      'inflight-1': 'held',
      'p-1': 'held',
    });
    expect(evilGot(newPath)).toHaveLength(0);
    const held = await db.current.prisma.delivery.findMany({ where: { destinationId: w.id, status: 'held' } });
    expect(held.every((h) => h.lastError?.startsWith('Held: queued before'))).toBe(true);

    // Rotating the credentials needs the re-auth too, and is audited by field name only.
    const rotated = await patch(emails.member, w.src, w.id, {
      settings: { url: newUrl, sharedSecret: 'whsec-rotated-0123456789' },
    });
    expect(rotated.status).toBe(200);
    const [last] = (await audits(w.id, 'destination.modified')).slice(-1);
    expect(last!.changes).toEqual({ settingsChanged: ['sharedSecret'] });
    const all = await audits(w.id, 'destination.modified');
    expect(JSON.stringify(all.map((a) => a.changes))).not.toContain('whsec');
  });

  it('replay of what was queued before the change is refused with both endpoints named, sends nothing, and a member cannot confirm it', async () => {
    const refused = await replay(emails.member, w.src, w.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({
      reason: 'endpoint_changed',
      previousEndpoint: w.oldUrl,
      currentEndpoint: newUrl,
      queuedBeforeChange: 4,
    });
    expect(refused.body.error.message).toContain(`from ${w.oldUrl} to ${newUrl}`);
    const one = await db.current.prisma.delivery.findFirstOrThrow({ where: { destinationId: w.id, status: 'failed' } });
    expect((await replay(emails.member, w.src, w.id, { deliveryIds: [one.id] })).status).toBe(409);
    expect((await replay(emails.owner, w.src, w.id)).status).toBe(409);

    const memberConfirm = await replay(emails.member, w.src, w.id, { confirmEndpointChange: true });
    expect(memberConfirm.status).toBe(403);
    expect(memberConfirm.body.error.code).toBe('forbidden');
    expect((await replay(emails.member, w.src, w.id, { confirmEndpointChange: 'yes' })).status).toBe(400);

    await drain();
    expect(await statusByMessage(w.id)).toEqual({
      'f-1': 'failed',
      'f-2': 'failed',
      'inflight-1': 'held',
      'p-1': 'held',
    });
    expect(evilGot(newPath)).toHaveLength(0);
    expect(await audits(w.id, 'destination.delivery_replayed')).toHaveLength(0);
  });

  it('an owner confirms after a re-auth: the deliveries go to the new endpoint and the audit row names both endpoints', async () => {
    await forgetReauth();
    const stale = await replay(emails.owner, w.src, w.id, { confirmEndpointChange: true });
    expect(stale.status).toBe(403);
    expect(stale.body.error.code).toBe('reauth_required');

    await reauth(emails.owner);
    const ok = await replay(emails.owner, w.src, w.id, { confirmEndpointChange: true });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.replayed).toBe(4);
    const [row] = await audits(w.id, 'destination.delivery_replayed');
    expect(row!.changes).toEqual({
      replayed: 4,
      scope: 'all_dead_and_failed',
      endpointChangeConfirmed: true,
      queuedBeforeEndpointChange: 4,
      endpointChanged: { from: w.oldUrl, to: newUrl },
    });

    await drain();
    const received = evilGot(newPath).map((r) => (r.body as { messageId: string }).messageId);
    expect(received.sort()).toEqual(['f-1', 'f-2', 'inflight-1', 'p-1']);
    expect(Object.values(await statusByMessage(w.id))).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);

    // Events queued after the change go to the new endpoint; replaying them needs no confirmation.
    evil.reply = (req) => ({ status: req.path === newPath ? 400 : 200 });
    await track(w.src, ['after-1']);
    await drain();
    evil.reply = () => ({ status: 200 });
    const plain = await replay(emails.member, w.src, w.id);
    expect(plain.status, plain.text).toBe(200);
    expect(plain.body.replayed).toBe(1);
    await drain();
    expect((await statusByMessage(w.id))['after-1']).toBe('delivered');
  });

  it('an owner with a recent re-auth changes the BAA status, audited', async () => {
    const r = await call<Err>(putBaa, emails.owner, w.src, w.id, 'PUT', { override: true });
    expect(r.status, r.text).toBe(200);
    const [row] = await audits(w.id, 'destination.baa_override_modified');
    expect(row!.changes).toEqual({ before: { baaOverride: null }, after: { baaOverride: true } });
  });
});

describe('workspace without a BAA', () => {
  it('keeps today’s re-auth behaviour, but still holds what was queued for the old endpoint until an owner confirms', async () => {
    await forgetReauth();
    const w = await setup({ hipaa: false });
    const path = `/plain-${randomUUID().slice(0, 6)}`;
    const url = `${evil.url}${path}`;
    await track(w.src, ['q-1']);

    const r = await patch(emails.member, w.src, w.id, { settings: { url, sharedSecret: 'whsec-new-0123456789' } });
    expect(r.status, r.text).toBe(200);
    const [modified] = await audits(w.id, 'destination.modified');
    expect(modified!.changes).toEqual({
      settingsChanged: ['url', 'sharedSecret'],
      endpointChanged: { from: w.oldUrl, to: url },
      heldDeliveries: 1,
    });
    expect((await call<Err>(putBaa, emails.owner, w.src, w.id, 'PUT', { override: false })).status).toBe(200);

    await drain();
    expect(evilGot(path)).toHaveLength(0);
    expect((await replay(emails.member, w.src, w.id)).status).toBe(409);
    const ok = await replay(emails.owner, w.src, w.id, { confirmEndpointChange: true });
    expect(ok.status, ok.text).toBe(200);
    await drain();
    expect(evilGot(path).map((q) => (q.body as { messageId: string }).messageId)).toEqual(['q-1']);
  });
});
