import { randomUUID } from 'node:crypto';
import { createDb } from '../lib/server/db';
const SQL = `WITH src AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "messageId" text, type text, "eventName" text, "userId" text, "anonymousId" text, payload jsonb, "blockedPaths" text[], "receivedAt" timestamptz, "timestamp" timestamptz)
), ins AS (
  INSERT INTO "Event" (id, "workspaceId", "sourceId", "messageId", type, "eventName", "userId", "anonymousId", payload, "blockedPaths", "receivedAt", "timestamp")
  SELECT id, $2::uuid, $3::uuid, "messageId", type, "eventName", "userId", "anonymousId", payload, "blockedPaths", "receivedAt", "timestamp" FROM src
  ON CONFLICT ("sourceId", "messageId") DO NOTHING
  RETURNING id
), dl AS (
  INSERT INTO "Delivery" (id, "workspaceId", "eventId", "destinationId", "updatedAt")
  SELECT gen_random_uuid(), $2::uuid, ins.id, d, now() FROM ins CROSS JOIN unnest($4::uuid[]) AS d
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::int AS events, (SELECT count(*) FROM dl)::int AS deliveries`;
async function main() {
  const { createTestDb } = await import("../tests/support/test-db"); const h = process.env.DATABASE_URL ? await createDb({ kind: "postgres", url: process.env.DATABASE_URL }) : await createTestDb();
  const p = h.prisma;
  const ws = randomUUID(), src = randomUUID();
  const dests = [randomUUID(), randomUUID()];
  const mk = () => Array.from({ length: 100 }, (_, i) => ({ id: randomUUID(), messageId: randomUUID(), type: 'track', eventName: 'Order Completed', userId: 'u' + i, anonymousId: null, payload: { type: 'track', event: 'Order Completed', properties: { email: 'a@b.c', total: 42, items: [{ sku: 'x' }] }, context: { ip: '1.2.3.4', traits: { phone: '555' } } }, blockedPaths: [], receivedAt: new Date().toISOString(), timestamp: new Date().toISOString() }));
  const r = await p.$queryRawUnsafe<{events:number;deliveries:number}[]>(SQL, JSON.stringify(mk()), ws, src, dests);
  console.log(r);
  const t0 = performance.now(); let n = 0;
  const conc = 8;
  await Promise.all(Array.from({ length: conc }, async () => { for (let i = 0; i < 40; i++) { await p.$queryRawUnsafe(SQL, JSON.stringify(mk()), ws, src, dests); n += 100; } }));
  const s = (performance.now() - t0) / 1000;
  console.log('events/s', Math.round(n / s));
  await h.close();
}
main();
